import type { Telegram } from 'telegraf';
import type { Channel } from '../../core/channel.js';
import type { ConversationRef, Reply } from '../../core/types.js';
import type { Deps } from '../../core/deps.js';
import { packAction } from './actions.js';
import { toTelegramError } from './errors.js';
import { keyboardRows, renderReply } from './format.js';

export interface SendOptions {
  /** Answer as a reply to this message (groups). */
  replyTo?: number;
  /**
   * Someone is waiting for this answer: when Telegram asks us to slow down for at most this long,
   * wait and send that message again instead of failing (the queue handles longer waits itself).
   */
  waitRateLimitMs?: number;
}

async function sendOne(
  telegram: Telegram,
  chatId: string,
  html: string,
  extra: Record<string, unknown>,
  waitMs: number,
): Promise<void> {
  try {
    await telegram.sendMessage(chatId, html, extra);
  } catch (err) {
    const e = toTelegramError(err, 'sendMessage');
    const f = e.failure;
    if (f.kind !== 'rate_limited' || f.retryAfterMs > waitMs) throw e;
    await new Promise((r) => setTimeout(r, f.retryAfterMs));
    try {
      await telegram.sendMessage(chatId, html, extra);
    } catch (again) {
      throw toTelegramError(again, 'sendMessage');
    }
  }
}

/** Send replies to a chat (and forum topic), HTML-escaped, split at 4,096 characters, buttons as an inline keyboard. */
export async function sendReplies(
  deps: Deps,
  telegram: Telegram,
  to: ConversationRef,
  replies: Reply[],
  opts: SendOptions = {},
): Promise<void> {
  for (const reply of replies) {
    for (const msg of renderReply(reply)) {
      const extra: Record<string, unknown> = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
      if (to.threadId !== undefined && /^\d+$/.test(to.threadId)) extra['message_thread_id'] = Number(to.threadId);
      if (opts.replyTo !== undefined) {
        extra['reply_parameters'] = { message_id: opts.replyTo, allow_sending_without_reply: true };
      }
      if (msg.choices) {
        const data = new Map<string, string>();
        for (const c of msg.choices) data.set(c.value, await packAction(deps.redis, deps.keys, c.value));
        extra['reply_markup'] = { inline_keyboard: keyboardRows(msg.choices, (c) => data.get(c.value) ?? c.value) };
      }
      await sendOne(telegram, to.chatId, msg.html, extra, opts.waitRateLimitMs ?? 0);
    }
  }
}

/** The Telegram channel as the core sees it: send on its own (reminders, broadcasts). */
export function createTelegramChannel(
  deps: Deps,
  telegram: Telegram,
  lifecycle: { start(): Promise<void>; stop(): Promise<void> },
): Channel {
  return {
    name: 'telegram',
    start: lifecycle.start,
    stop: lifecycle.stop,
    send: (to, replies) => sendReplies(deps, telegram, to, replies),
  };
}

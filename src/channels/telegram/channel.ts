import type { Telegram } from 'telegraf';
import { sendWithShortRetry } from '../../core/answer.js';
import type { Channel } from '../../core/channel.js';
import type { Deps } from '../../core/deps.js';
import type { ConversationRef, Reply } from '../../core/types.js';
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
      await sendWithShortRetry(
        () => telegram.sendMessage(to.chatId, msg.html, extra),
        (err) => toTelegramError(err, 'sendMessage'),
        opts.waitRateLimitMs ?? 0,
      );
    }
  }
}

/** Sending only (reminders, broadcasts): what a process that does not receive needs. */
export function telegramSender(deps: Deps, telegram: Telegram): Channel {
  return { name: 'telegram', send: (to, replies) => sendReplies(deps, telegram, to, replies) };
}

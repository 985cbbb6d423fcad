import type * as lark from '@larksuiteoapi/node-sdk';
import { type AnswerOutcome, INTERACTIVE_WAIT_MS, answerAndSend } from '../../core/answer.js';
import type { ChannelIo } from '../../core/channel.js';
import { firstTime } from '../../core/dedupe.js';
import type { Deps } from '../../core/deps.js';
import { translate } from '../../core/i18n.js';
import type { Router } from '../../core/router.js';
import { conversationOf, encodeConversationId } from '../../core/types.js';
import { sendReplies } from './channel.js';
import { type FeishuEvent, type ParsedFeishu, parseCardAction, parseMessage, removedFrom } from './parse.js';

/** Feishu pushes an event again when it is not acknowledged in 3 s (up to ~7 h): remember ids a day. */
const DEDUPE_TTL_S = 24 * 3600;

export type EventOutcome = 'duplicate' | AnswerOutcome;

export interface FeishuContext {
  deps: Deps;
  io: { router: Router; gone: ChannelIo['gone'] };
  client: lark.Client;
  /** The bot's open_id (GET /open-apis/bot/v3/info), null while unknown. */
  botOpenId(): Promise<string | null>;
  /** Keep a piece of work after the ack (stop() waits for it). */
  track(work: Promise<unknown>): void;
}

async function once(ctx: FeishuContext, ev: FeishuEvent): Promise<boolean> {
  const id = typeof ev['event_id'] === 'string' ? ev['event_id'] : typeof ev['uuid'] === 'string' ? ev['uuid'] : '';
  if (id === '') return true;
  if (await firstTime(ctx.deps.redis, ctx.deps.keys.dedupe('feishu', id), DEDUPE_TTL_S)) return true;
  ctx.deps.metrics.handled.inc({ channel: 'feishu', outcome: 'duplicate' });
  return false;
}

async function answer(ctx: FeishuContext, parsed: ParsedFeishu | null, ev: FeishuEvent): Promise<EventOutcome> {
  const { deps, io, client } = ctx;
  if (!parsed) {
    deps.metrics.handled.inc({ channel: 'feishu', outcome: 'ignored' });
    return 'ignored';
  }
  const conv = conversationOf(parsed.inc);
  return answerAndSend(deps, io.router, parsed.inc, {
    log: { event: ev['event_id'] },
    send: (replies, _lang, patient) => {
      const opts: Parameters<typeof sendReplies>[3] = patient ? { waitRateLimitMs: INTERACTIVE_WAIT_MS } : {};
      if (parsed.replyTo) opts.replyTo = parsed.replyTo;
      return sendReplies(client, conv, replies, opts);
    },
  });
}

/** im.message.receive_v1, after the ack: dedupe, parse (the group @-mention rule), answer. */
export async function processMessage(ctx: FeishuContext, ev: FeishuEvent): Promise<EventOutcome> {
  if (!(await once(ctx, ev))) return 'duplicate';
  return answer(ctx, parseMessage(ev, await ctx.botOpenId()), ev);
}

/** card.action.trigger, after the toast: dedupe, then the press as `action`. */
export async function processCardAction(ctx: FeishuContext, ev: FeishuEvent): Promise<EventOutcome> {
  if (!(await once(ctx, ev))) return 'duplicate';
  return answer(ctx, parseCardAction(ev), ev);
}

/**
 * The EventDispatcher handlers, the same for the long connection and the webhook. Each returns at
 * once (Feishu wants the ack within 3 s) and does the work after; a card press is answered with a
 * toast in the ack, the answer itself follows as a message.
 */
export function feishuHandlers(ctx: FeishuContext): Record<string, (ev: FeishuEvent) => unknown> {
  const { deps } = ctx;
  const later = (what: string, run: () => Promise<unknown>) =>
    ctx.track(run().catch((err: unknown) => deps.logger.error({ err }, `feishu ${what} failed`)));
  return {
    'im.message.receive_v1': (ev) => {
      later('message', () => processMessage(ctx, ev));
      return {};
    },
    'card.action.trigger': (ev) => {
      later('card action', () => processCardAction(ctx, ev));
      return { toast: { type: 'info', content: translate('zh', 'channels.working') } };
    },
    'im.chat.member.bot.deleted_v1': (ev) => {
      const chatId = removedFrom(ev);
      if (chatId) {
        later('bot removed', async () => {
          const conv = { channel: 'feishu' as const, chatId };
          await ctx.io.gone(conv);
          deps.logger.info({ conv: encodeConversationId(conv) }, 'feishu: bot removed from chat');
        });
      }
      deps.metrics.handled.inc({ channel: 'feishu', outcome: 'ignored' });
      return {};
    },
  };
}

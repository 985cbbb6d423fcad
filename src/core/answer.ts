import { ChannelError, type DeliveryFailure } from '../errors.js';
import type { Deps } from './deps.js';
import { translate } from './i18n.js';
import type { Router } from './router.js';
import { type Incoming, type Lang, type Reply, conversationOf, encodeConversationId } from './types.js';

/** A person is waiting for the answer: ride out platform rate limits up to this long (the queue handles longer ones). */
export const INTERACTIVE_WAIT_MS = 5000;

/**
 * Send once; when the platform says "slow down" for at most `waitMs`, wait that long and send once
 * more. Every failure comes out as the adapter's typed ChannelError (`toError`).
 */
export async function sendWithShortRetry(
  send: () => Promise<unknown>,
  toError: (err: unknown) => ChannelError,
  waitMs: number,
): Promise<void> {
  try {
    await send();
  } catch (err) {
    const e = toError(err);
    const f = e.failure;
    if (f.kind !== 'rate_limited' || f.retryAfterMs > waitMs) throw e;
    await new Promise((r) => setTimeout(r, f.retryAfterMs));
    try {
      await send();
    } catch (again) {
      throw toError(again);
    }
  }
}

/** How an adapter answers in the conversation a message came from. */
export interface ReplyIo {
  /**
   * Render and send `replies` in `lang`; `patient`: someone is waiting, so ride out short rate limits
   * (sendWithShortRetry with INTERACTIVE_WAIT_MS). Throws ChannelError.
   */
  send(replies: Reply[], lang: Lang, patient: boolean): Promise<void>;
  /** Another way to reach the user when sending failed (Slack's response_url); true = done, no apology. */
  fallback?(replies: Reply[], lang: Lang): Promise<boolean>;
  /** Extra fields for the failure log line (e.g. the Telegram update id). */
  log?: Record<string, unknown>;
}

export type AnswerOutcome = 'ignored' | 'answered' | 'failed';

/**
 * One message end to end, the same on every channel: route it, send the replies, and when sending
 * fails log it with the conversation id and apologise — unless the chat is gone. Never throws.
 */
export async function answerAndSend(deps: Deps, router: Router, inc: Incoming, io: ReplyIo): Promise<AnswerOutcome> {
  const outcome = await routeAndSend(deps, router, inc, io);
  deps.metrics.handled.inc({ channel: inc.channel, outcome });
  return outcome;
}

async function routeAndSend(deps: Deps, router: Router, inc: Incoming, io: ReplyIo): Promise<AnswerOutcome> {
  const { logger, metrics } = deps;
  const { replies, lang } = await router.answer(inc);
  if (replies.length === 0) return 'ignored';
  const conv = encodeConversationId(conversationOf(inc));
  try {
    await io.send(replies, lang, true);
    return 'answered';
  } catch (err) {
    const failure: DeliveryFailure = err instanceof ChannelError ? err.failure : { kind: 'transient' };
    metrics.errors.inc({ channel: inc.channel, where: 'send' });
    logger.warn({ err, conv, failure: failure.kind, ...io.log }, `${inc.channel} reply failed`);
    try {
      if (io.fallback && (await io.fallback(replies, lang))) return 'failed';
      if (failure.kind !== 'gone') await io.send([{ text: translate(lang, 'channels.apology') }], lang, false);
    } catch (e) {
      logger.error({ err: e, conv }, `${inc.channel} apology failed too`);
    }
    return 'failed';
  }
}

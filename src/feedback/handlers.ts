import type { Handler, HandlerContext, Module } from '../core/module.js';
import { type Choice, encodeConversationId, type Reply } from '../core/types.js';
import type { Feedback } from './service.js';
import { REASON_MAX } from './store.js';

/** Button values: `fb:u:<ask>` 有用, `fb:d:<ask>` 没用, `fb:r:<ask>:<n>` a ready-made reason (≤ 24 bytes). */
export const PREFIX = 'fb';
/** Ready-made reasons offered after 没用 (i18n keys feedback.reason.1…3). */
export const REASONS = [1, 2, 3] as const;
/** How long a 没用 waits for its typed reason. */
export const REASON_WAIT_S = 600;
const SESSION = 'feedback';

/** A typed reply that is really a new question goes to the Q&A instead of becoming the reason. */
const LOOKS_LIKE_QUESTION = /[?？]\s*$|吗|怎么|多少|几[天个次年月周]|什么|哪|能不能|是否|how|what|when|can i/i;

export function feedbackChoices(askId: string, t: HandlerContext['t']): Choice[] {
  return [
    { label: t('feedback.up'), value: `${PREFIX}:u:${askId}` },
    { label: t('feedback.down'), value: `${PREFIX}:d:${askId}` },
  ];
}

const pendingKey = (ctx: HandlerContext) =>
  ctx.deps.keys.feedbackPendingReason(encodeConversationId(ctx.conv), ctx.identity);

/**
 * The question flow with feedback: a close curated pair answers first, else the Q&A (`inner`);
 * every answer is recorded and carries 有用 / 没用. Failures of the feedback part never cost the answer.
 */
export function withFeedback(fb: Feedback, inner: Handler): Handler {
  return async (ctx, args) => {
    const question = (args || ctx.inc.text || '').trim();
    if (question === '') return inner(ctx, args);
    const log = ctx.deps.logger;
    const hit = await fb.match(question).catch((err: unknown) => {
      log.warn({ err }, 'feedback: matching curated pairs failed');
      return null;
    });
    const replies = hit ? [await fb.pairReply(hit.pair, ctx.lang)] : await inner(ctx, args);
    const main = replies[0];
    const last = replies[replies.length - 1];
    if (!main || !last) return replies;
    try {
      const ask = await fb.record(ctx.inc, ctx.identity, ctx.lang, question, main, hit?.pair.id);
      last.choices = [...(last.choices ?? []), ...feedbackChoices(ask.id, ctx.t)];
    } catch (err) {
      log.warn({ err }, 'feedback: could not record the answer');
    }
    return replies;
  };
}

async function onAction(fb: Feedback, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const [kind, askId, n] = args.split(':');
  if (!askId || !/^[\w]{1,24}$/.test(askId)) return [{ text: ctx.t('error.stale_action') }];
  if (kind === 'u' || kind === 'd') {
    const ok = await fb.vote(askId, ctx.identity, kind === 'u' ? 'up' : 'down', ctx.inc.channel);
    if (!ok) return [{ text: ctx.t('feedback.expired') }];
    if (kind === 'u') return [{ text: ctx.t('feedback.thanks_up') }];
    await ctx.deps.redis.set(pendingKey(ctx), askId, 'EX', REASON_WAIT_S);
    await ctx.session.claim(SESSION);
    const choices = REASONS.map((i) => ({ label: ctx.t(`feedback.reason.${i}`), value: `${PREFIX}:r:${askId}:${i}` }));
    return [{ text: ctx.t('feedback.thanks_down'), choices }];
  }
  if (kind === 'r' && n && (REASONS as readonly number[]).includes(Number(n))) {
    await fb.reason(askId, ctx.identity, ctx.t(`feedback.reason.${n}`));
    await ctx.deps.redis.del(pendingKey(ctx));
    await ctx.session.release();
    return [{ text: ctx.t('feedback.reason_saved') }];
  }
  return [{ text: ctx.t('error.stale_action') }];
}

/** After 没用: the next short message is the reason (unless it is plainly a new question). */
async function onSessionText(fb: Feedback, ctx: HandlerContext, text: string): Promise<Reply[] | null> {
  const key = pendingKey(ctx);
  const askId = await ctx.deps.redis.get(key);
  await ctx.deps.redis.del(key);
  await ctx.session.release();
  if (!askId || text.length > REASON_MAX || LOOKS_LIKE_QUESTION.test(text)) return null;
  await fb.reason(askId, ctx.identity, text);
  return [{ text: ctx.t('feedback.reason_saved') }];
}

/**
 * The chat side: the question handler (it takes over from the Q&A feature's, which it wraps, and the
 * /ask command), the 有用 / 没用 buttons and the optional reason.
 */
export function createFeedbackModule(fb: Feedback, qaFeature: Module): Module {
  const inner = qaFeature.onQuestion;
  if (!inner) throw new Error('feedback: the Q&A feature has no question handler');
  const ask = withFeedback(fb, inner);
  const askCommand = qaFeature.commands?.find((c) => c.names.includes('ask'));
  return {
    name: SESSION,
    onQuestion: ask,
    commands: askCommand ? [{ ...askCommand, handler: withFeedback(fb, askCommand.handler) }] : [],
    actions: [{ prefix: PREFIX, handler: (ctx, args) => onAction(fb, ctx, args) }],
    session: { onText: (ctx, text) => onSessionText(fb, ctx, text) },
  };
}

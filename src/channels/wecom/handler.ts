import type { WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import { type AnswerOutcome, INTERACTIVE_WAIT_MS, answerAndSend } from '../../core/answer.js';
import type { ChannelIo } from '../../core/channel.js';
import { firstTime } from '../../core/dedupe.js';
import type { Deps } from '../../core/deps.js';
import { translate } from '../../core/i18n.js';
import type { Router } from '../../core/router.js';
import { type ConversationRef, type Lang, type Reply, conversationOf } from '../../core/types.js';
import { ChannelError } from '../../errors.js';
import { type WecomLink, pushReplies, replyToFrame } from './channel.js';
import { CHOSEN_KEY, chosenCard, pressedLabel } from './format.js';
import { type WecomBody, parseCardPress, parseMessage } from './parse.js';

/** WeCom calls back again when a callback is not answered (webhook: three times, 5 s apart): remember msgids a day. */
const DEDUPE_TTL_S = 24 * 3600;
/** An answer not ready by then gets a "working on it" stream frame first (replies must start within 5 s). */
export const WORKING_AFTER_MS = 2500;

export type EventOutcome = 'duplicate' | AnswerOutcome;

export interface WecomContext {
  deps: Deps;
  io: { router: Router; gone: ChannelIo['gone'] };
  link: WecomLink;
  botName: string | undefined;
  /** Keep a piece of work after the ack (stop() waits for it). */
  track(work: Promise<unknown>): void;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

/** First delivery of this msgid? (one atomic SET NX; a repeat is counted as `duplicate`). */
export async function once(ctx: Pick<WecomContext, 'deps'>, body: WecomBody): Promise<boolean> {
  const id = typeof body['msgid'] === 'string' ? body['msgid'] : '';
  if (id === '') return true;
  if (await firstTime(ctx.deps.redis, ctx.deps.keys.dedupe('wecom', id), DEDUPE_TTL_S)) return true;
  ctx.deps.metrics.handled.inc({ channel: 'wecom', outcome: 'duplicate' });
  return false;
}

/** A send that says the chat is gone unsubscribes it, then fails as before (answerAndSend logs it). */
export function goneAware(ctx: Pick<WecomContext, 'io'>, conv: ConversationRef, send: () => Promise<void>): Promise<void> {
  return send().catch(async (err: unknown) => {
    if (err instanceof ChannelError && err.failure.kind === 'gone') await ctx.io.gone(conv);
    throw err;
  });
}

const streamIdOf = (msgid: string) => `ud_${Buffer.from(msgid).toString('base64url').slice(0, 48)}`;

/** aibot_msg_callback, after the frame arrived: dedupe, parse (the group @-mention rule), answer in place. */
export async function processMessage(ctx: WecomContext, frame: WsFrame): Promise<EventOutcome> {
  const { deps, io, link } = ctx;
  const body = rec(frame.body);
  if (!(await once(ctx, body))) return 'duplicate';
  const parsed = parseMessage(body, ctx.botName);
  if (!parsed) {
    deps.metrics.handled.inc({ channel: 'wecom', outcome: 'ignored' });
    return 'ignored';
  }
  const conv = conversationOf(parsed.inc);
  const streamId = streamIdOf(parsed.msgid);
  let answered = false;
  let opened = false;
  const addressed = !parsed.inc.isGroup || parsed.inc.mentioned;
  const timer = addressed
    ? setTimeout(() => {
        if (answered) return;
        opened = true;
        const content = translate('zh', 'channels.working');
        link
          .client()
          ?.reply(frame, { msgtype: 'stream', stream: { id: streamId, finish: false, content } })
          .catch((err: unknown) => deps.logger.warn({ err }, 'wecom: working frame failed'));
      }, WORKING_AFTER_MS)
    : null;
  try {
    return await answerAndSend(deps, io.router, parsed.inc, {
      log: { msgid: parsed.msgid },
      send: (replies: Reply[], lang: Lang, patient: boolean) => {
        answered = true;
        if (timer) clearTimeout(timer);
        return goneAware(ctx, conv, () =>
          replyToFrame(link, frame, conv, replies, lang, streamId, patient ? INTERACTIVE_WAIT_MS : 0),
        );
      },
      // The req_id can no longer be answered (its window passed, the socket was replaced): push instead.
      fallback: async (replies, lang) => {
        try {
          await pushReplies(link, conv, replies, lang);
          return true;
        } catch {
          return false;
        }
      },
    });
  } finally {
    if (timer) clearTimeout(timer);
    if (opened && !answered) {
      await link
        .client()
        ?.reply(frame, { msgtype: 'stream', stream: { id: streamId, finish: true, content: '✓' } })
        .catch(() => {});
    }
  }
}

/**
 * template_card_event: dedupe, update the card at once (WeCom wants it within 5 s; it keeps the
 * chosen button only), then the press as `action`, answered with a push to the chat.
 */
export async function processCardPress(ctx: WecomContext, frame: WsFrame, client: WSClient | null): Promise<EventOutcome> {
  const { deps, io, link } = ctx;
  const body = rec(frame.body);
  if (!(await once(ctx, body))) return 'duplicate';
  const parsed = parseCardPress(body);
  if (!parsed || parsed.inc.action === CHOSEN_KEY) {
    deps.metrics.handled.inc({ channel: 'wecom', outcome: 'ignored' });
    return 'ignored';
  }
  const label = pressedLabel(parsed.taskId, parsed.inc.action!) ?? '✓';
  const update = client
    ?.updateTemplateCard(frame, chosenCard(parsed.taskId, label, 'zh'))
    .catch((err: unknown) => deps.logger.warn({ err }, 'wecom: card update failed'));
  const conv = conversationOf(parsed.inc);
  const outcome = await answerAndSend(deps, io.router, parsed.inc, {
    log: { msgid: parsed.msgid },
    send: (replies, lang, patient) =>
      goneAware(ctx, conv, () => pushReplies(link, conv, replies, lang, patient ? INTERACTIVE_WAIT_MS : 0)),
  });
  await update;
  return outcome;
}

/** enter_chat (a member opens the single chat, first time that day): the welcome, within WeCom's 5 s. */
export async function processEnterChat(ctx: WecomContext, frame: WsFrame, client: WSClient | null): Promise<EventOutcome> {
  const { deps } = ctx;
  if (!(await once(ctx, rec(frame.body)))) return 'duplicate';
  if (!client) {
    deps.metrics.handled.inc({ channel: 'wecom', outcome: 'ignored' });
    return 'ignored';
  }
  await client
    .replyWelcome(frame, { msgtype: 'text', text: { content: translate('zh', 'welcome') } })
    .catch((err: unknown) => deps.logger.warn({ err }, 'wecom: welcome failed'));
  deps.metrics.handled.inc({ channel: 'wecom', outcome: 'answered' });
  return 'answered';
}

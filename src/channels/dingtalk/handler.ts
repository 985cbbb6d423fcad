import { type AnswerOutcome, INTERACTIVE_WAIT_MS, answerAndSend } from '../../core/answer.js';
import { firstTime } from '../../core/dedupe.js';
import type { Deps } from '../../core/deps.js';
import { personOf } from '../../core/person.js';
import type { Router } from '../../core/router.js';
import { conversationOf, encodeConversationId, identityOf } from '../../core/types.js';
import { type DingTalkSenderDeps, numberedChoice, sendReplies } from './channel.js';
import { type RobotMessage, choiceNumber, parseRobotMessage } from './parse.js';

/** DingTalk pushes an un-acked callback again after about 60 s (a few times): remember ids a day. */
const DEDUPE_TTL_S = 24 * 3600;

export type MessageOutcome = 'duplicate' | AnswerOutcome;

export interface DingTalkContext {
  deps: Deps;
  router: Router;
  sender: DingTalkSenderDeps;
  /** Keep a piece of work after the ack (stop() waits for it). */
  track(work: Promise<unknown>): void;
}

/**
 * One robot message, after the ack, the same for the Stream connection and the HTTP callback:
 * dedupe by msgId (one SET NX), parse (the group @ rule), a bare number answering the numbered
 * choices last offered in the chat becomes that choice's `action`, then answer through the OpenAPI.
 */
export async function processRobotMessage(ctx: DingTalkContext, msg: RobotMessage): Promise<MessageOutcome> {
  const { deps } = ctx;
  const parsed = parseRobotMessage(msg);
  if (!parsed) {
    deps.metrics.handled.inc({ channel: 'dingtalk', outcome: 'ignored' });
    return 'ignored';
  }
  if (!(await firstTime(deps.redis, deps.keys.dedupe('dingtalk', parsed.msgId), DEDUPE_TTL_S))) {
    deps.metrics.handled.inc({ channel: 'dingtalk', outcome: 'duplicate' });
    return 'duplicate';
  }
  const { inc } = parsed;
  const conv = conversationOf(inc);
  // A group message that does not @ the bot (delivered when the group sends the robot everything)
  // only continues a running form or other session of its sender; nothing else is answered.
  if (inc.isGroup && !inc.mentioned) {
    const owner = await deps.redis.get(
      deps.keys.session(encodeConversationId(conv), await personOf(deps, identityOf(inc))),
    );
    if (!owner) {
      deps.metrics.handled.inc({ channel: 'dingtalk', outcome: 'ignored' });
      return 'ignored';
    }
  }
  // Addressed to the bot by now (a private chat, an @, or the sender's running session): a bare
  // number picks from the numbered choices last offered in this chat.
  const n = choiceNumber(inc.text);
  if (n !== null) {
    const value = await numberedChoice(ctx.sender, inc.chatId, n);
    if (value) {
      inc.action = value;
      delete inc.text;
    }
  }
  return answerAndSend(deps, ctx.router, inc, {
    log: { msgId: parsed.msgId },
    send: (replies, lang, patient) =>
      sendReplies(ctx.sender, conv, replies, patient ? { lang, waitRateLimitMs: INTERACTIVE_WAIT_MS } : { lang }),
  });
}

/** Hand a message over for after the ack; failures are logged, never thrown at the platform. */
export function later(ctx: DingTalkContext, msg: RobotMessage): void {
  ctx.track(
    processRobotMessage(ctx, msg).catch((err: unknown) => ctx.deps.logger.error({ err }, 'dingtalk message failed')),
  );
}

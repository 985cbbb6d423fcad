import type { Redis } from 'ioredis';
import { sendWithShortRetry } from '../../core/answer.js';
import type { Channel } from '../../core/channel.js';
import { type ConversationRef, type Lang, type Reply, encodeConversationId } from '../../core/types.js';
import type { Keys } from '../../store/keys.js';
import type { DingTalkApi } from './api.js';
import { DingTalkApiError, FLOW_CONTROLLED, INVALID_STAFF, toDingTalkError } from './errors.js';
import { type DingTalkMessage, renderReply } from './format.js';
import { targetOf } from './parse.js';

/** Numbered choices are answered within a day; a retried delivery within a day skips what went out. */
const CHOICES_TTL_S = 24 * 3600;
const SENT_TTL_S = 24 * 3600;

export interface DingTalkSenderDeps {
  api: DingTalkApi;
  robotCode: string;
  redis: Redis;
  keys: Keys;
}

export interface SendOptions {
  lang?: Lang;
  /** Someone is waiting: ride out rate limits up to this long (sendWithShortRetry). */
  waitRateLimitMs?: number;
  /** The outbound delivery's id: the messages of a delivery already sent are not sent again. */
  deliveryId?: string;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** One message through the robot OpenAPI: one-to-one by staff id, or to the group. */
async function post(d: DingTalkSenderDeps, to: ConversationRef, msg: DingTalkMessage): Promise<void> {
  const target = targetOf(to.chatId);
  const common = { robotCode: d.robotCode, msgKey: msg.msgKey, msgParam: msg.msgParam };
  if (target.kind === 'group') {
    await d.api.post('/v1.0/robot/groupMessages/send', { ...common, openConversationId: target.openConversationId });
    return;
  }
  const res = await d.api.post('/v1.0/robot/oToMessages/batchSend', { ...common, userIds: [target.staffId] });
  // 200, and yet not delivered: the user is throttled, or not (any more) a member of the organisation.
  if (list(res['flowControlledStaffIdList']).includes(target.staffId))
    throw new DingTalkApiError(FLOW_CONTROLLED, 'receiver is flow-controlled', 200);
  if (list(res['invalidStaffIdList']).includes(target.staffId))
    throw new DingTalkApiError(INVALID_STAFF, 'receiver is not a valid staff id', 200);
}

/**
 * Send replies, in order. The numbered choices last offered in the conversation are remembered
 * (a reply "2" is then the second choice); a send without numbered choices forgets them.
 */
export async function sendReplies(
  d: DingTalkSenderDeps,
  to: ConversationRef,
  replies: Reply[],
  opts: SendOptions = {},
): Promise<void> {
  let numbered: string[] | null = null;
  let index = 0;
  for (const reply of replies) {
    for (const msg of renderReply(reply, opts.lang ?? 'zh')) {
      const i = index++;
      if (msg.numbered) numbered = msg.numbered;
      const mark = opts.deliveryId ? d.keys.dingtalkSent(opts.deliveryId, i) : null;
      if (mark && (await d.redis.exists(mark))) continue;
      await sendWithShortRetry(
        () => post(d, to, msg),
        (err) =>
          toDingTalkError(err, targetOf(to.chatId).kind === 'group' ? 'groupMessages.send' : 'oToMessages.batchSend'),
        opts.waitRateLimitMs ?? 0,
      );
      if (mark) await d.redis.set(mark, '1', 'EX', SENT_TTL_S);
    }
  }
  const key = d.keys.dingtalkChoices(encodeConversationId({ channel: to.channel, chatId: to.chatId }));
  if (numbered) await d.redis.set(key, JSON.stringify(numbered), 'EX', CHOICES_TTL_S);
  else await d.redis.del(key);
}

/** The value of choice `n` (1-based) last offered in this chat, or null. */
export async function numberedChoice(
  d: Pick<DingTalkSenderDeps, 'redis' | 'keys'>,
  chatId: string,
  n: number,
): Promise<string | null> {
  const raw = await d.redis.get(d.keys.dingtalkChoices(encodeConversationId({ channel: 'dingtalk', chatId })));
  if (!raw) return null;
  try {
    const values = JSON.parse(raw) as unknown;
    return Array.isArray(values) && typeof values[n - 1] === 'string' ? (values[n - 1] as string) : null;
  } catch {
    return null;
  }
}

/** Sending only (reminders, broadcasts): what a process that does not receive needs. */
export function dingtalkSender(d: DingTalkSenderDeps): Channel {
  return {
    name: 'dingtalk',
    send: (to, replies, meta) => sendReplies(d, to, replies, meta?.deliveryId ? { deliveryId: meta.deliveryId } : {}),
  };
}

import type { SendMsgBody, WSClient, WsFrameHeaders } from '@wecom/aibot-node-sdk';
import { sendWithShortRetry } from '../../core/answer.js';
import type { Channel } from '../../core/channel.js';
import type { ConversationRef, Lang, Reply } from '../../core/types.js';
import { ChannelError } from '../../errors.js';
import { toWecomError } from './errors.js';
import { MAX_STREAM_BYTES, buttonCard, choiceGroups, pushBodies, repliesMarkdown, splitBytes } from './format.js';

/** The long connection as far as sending goes. */
export interface WecomLink {
  /** The SDK client while this process holds the connection, else null. */
  client(): WSClient | null;
  /** aibot_send_msg: over our own connection, or handed to the holder (relay.ts). */
  push(chatid: string, body: SendMsgBody): Promise<unknown>;
}

/**
 * WeCom did not ack within the SDK's 5 s, though the frame went out on a live socket (a closed
 * socket rejects differently, and is retried). Sending again could show the message twice — WeCom
 * has no idempotency key — so the frame counts as sent, unconfirmed.
 */
export function isAckTimeout(err: unknown): boolean {
  return err instanceof Error && /ack timeout/i.test(err.message);
}
const unconfirmedOk = (p: Promise<unknown>): Promise<unknown> =>
  p.catch((err: unknown) => {
    if (!isAckTimeout(err)) throw err;
  });

/** A reply on a callback's req_id must go over the connection the callback came on. */
function connected(link: WecomLink): WSClient {
  const c = link.client();
  if (!c?.isConnected) {
    throw new ChannelError('wecom', 'the long connection dropped before the reply', { kind: 'transient' });
  }
  return c;
}

/**
 * Push replies to a chat with `aibot_send_msg` (single chat: the userid; group: the chatid):
 * markdown, then a button card per six choices. The bot can push only where a member has talked
 * to it before; webhook mode has no push at all (see docs/setup-wecom.md).
 */
export async function pushReplies(
  link: WecomLink,
  to: ConversationRef,
  replies: Reply[],
  lang: Lang,
  waitRateLimitMs = 0,
): Promise<void> {
  for (const body of pushBodies(replies, lang)) {
    await sendWithShortRetry(
      () => unconfirmedOk(link.push(to.chatId, body)),
      (err) => toWecomError(err, 'aibot_send_msg'),
      waitRateLimitMs,
    );
  }
}

/**
 * Answer a callback in place (`aibot_respond_msg` with its req_id): one stream message, finished,
 * carrying every reply's markdown, with the first six choices as a card beside it
 * (`stream_with_template_card`); further choices follow as pushed cards. `streamId` is the one a
 * "working on it" frame already opened, if any.
 */
export async function replyToFrame(
  link: WecomLink,
  frame: WsFrameHeaders,
  to: ConversationRef,
  replies: Reply[],
  lang: Lang,
  streamId: string,
  waitRateLimitMs = 0,
): Promise<void> {
  const content = splitBytes(repliesMarkdown(replies), MAX_STREAM_BYTES)[0] ?? '…';
  const [first, ...more] = choiceGroups(replies);
  const stream = { id: streamId, finish: true, content };
  const body = first
    ? { msgtype: 'stream_with_template_card', stream, template_card: buttonCard(first, lang) }
    : { msgtype: 'stream', stream };
  await sendWithShortRetry(
    () => unconfirmedOk(connected(link).reply(frame, body)),
    (err) => toWecomError(err, 'aibot_respond_msg'),
    waitRateLimitMs,
  );
  for (const group of more) {
    await sendWithShortRetry(
      () => unconfirmedOk(link.push(to.chatId, { msgtype: 'template_card', template_card: buttonCard(group, lang) })),
      (err) => toWecomError(err, 'aibot_send_msg'),
      waitRateLimitMs,
    );
  }
}

/** Sending only (reminders, broadcasts) through whatever connection this process holds. */
export function wecomSender(link: WecomLink): Channel {
  return {
    name: 'wecom',
    send: (to, replies) => pushReplies(link, to, replies, 'zh'),
  };
}

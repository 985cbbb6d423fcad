import type { WSClient, WsFrameHeaders } from '@wecom/aibot-node-sdk';
import { sendWithShortRetry } from '../../core/answer.js';
import type { Channel } from '../../core/channel.js';
import type { ConversationRef, Lang, Reply } from '../../core/types.js';
import { ChannelError } from '../../errors.js';
import { toWecomError } from './errors.js';
import { MAX_STREAM_BYTES, buttonCard, choiceGroups, pushBodies, repliesMarkdown, splitBytes } from './format.js';

/** The long connection as far as sending goes: the SDK client while this process holds it, else null. */
export interface WecomLink {
  client(): WSClient | null;
}

/**
 * A process that does not hold the connection (another replica does, or a worker-only process)
 * cannot push: WeCom allows one live connection per bot. Its delivery goes back to the queue for
 * this long and is picked up again, by the holder's worker sooner or later.
 */
export const NOT_HERE_WAIT_MS = 2000;

function connected(link: WecomLink): WSClient {
  const c = link.client();
  if (!c?.isConnected) {
    throw new ChannelError('wecom', 'the long connection is not held by this process', {
      kind: 'rate_limited',
      retryAfterMs: NOT_HERE_WAIT_MS,
    });
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
      () => connected(link).sendMessage(to.chatId, body),
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
    () => connected(link).reply(frame, body),
    (err) => toWecomError(err, 'aibot_respond_msg'),
    waitRateLimitMs,
  );
  for (const group of more) {
    await sendWithShortRetry(
      () => connected(link).sendMessage(to.chatId, { msgtype: 'template_card', template_card: buttonCard(group, lang) }),
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

import { createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import { sendWithShortRetry } from '../../core/answer.js';
import type { Channel } from '../../core/channel.js';
import type { ConversationRef, Reply } from '../../core/types.js';
import { checkBody, toFeishuError } from './errors.js';
import { renderReply } from './format.js';

export interface SendOptions {
  /** Answer as a reply to this message, in its thread (groups). */
  replyTo?: string;
  /** Someone is waiting: ride out rate limits up to this long (sendWithShortRetry). */
  waitRateLimitMs?: number;
  /** The outbound delivery's id: Feishu's `uuid` makes a retried send go out once (1 h). */
  deliveryId?: string;
}

/** Feishu's idempotency key (≤ 50 characters), one per message of a delivery. */
export function messageUuid(deliveryId: string, index: number): string {
  return createHash('sha256').update(`${deliveryId}#${index}`).digest('base64url').slice(0, 40);
}

/**
 * Send replies through the SDK's `im.v1.message`: `reply` (in the thread) to the message being
 * answered or to the conversation's thread root, else `create` in the chat.
 */
export async function sendReplies(
  client: lark.Client,
  to: ConversationRef,
  replies: Reply[],
  opts: SendOptions = {},
): Promise<void> {
  const target = opts.replyTo ?? to.threadId;
  let index = 0;
  for (const reply of replies) {
    for (const msg of renderReply(reply, to)) {
      const uuid = opts.deliveryId ? { uuid: messageUuid(opts.deliveryId, index) } : {};
      index++;
      const call = target
        ? () =>
            client.im.v1.message
              .reply({ path: { message_id: target }, data: { ...msg, reply_in_thread: true, ...uuid } })
              .then(checkBody)
        : () =>
            client.im.v1.message
              .create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: to.chatId, ...msg, ...uuid } })
              .then(checkBody);
      await sendWithShortRetry(
        call,
        (err) => toFeishuError(err, target ? 'message.reply' : 'message.create'),
        opts.waitRateLimitMs ?? 0,
      );
    }
  }
}

/** Sending only (reminders, broadcasts): what a process that does not receive needs. */
export function feishuSender(client: lark.Client): Channel {
  return {
    name: 'feishu',
    send: (to, replies, meta) =>
      sendReplies(client, to, replies, meta?.deliveryId ? { deliveryId: meta.deliveryId } : {}),
  };
}

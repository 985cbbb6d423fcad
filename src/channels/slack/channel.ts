import type { webApi } from '@slack/bolt';
import { sendWithShortRetry } from '../../core/answer.js';
import type { Channel } from '../../core/channel.js';
import type { Lang, Reply } from '../../core/types.js';
import { renderMessage } from './blocks.js';
import { toSlackError } from './errors.js';

type WebClient = webApi.WebClient;

/** Post replies as Block Kit messages, into a thread when given; failures become typed ChannelErrors. */
export async function postReplies(
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  replies: Reply[],
  lang: Lang = 'zh',
  /** Someone is waiting: ride out a rate limit this short once instead of failing (the queue handles longer ones). */
  waitRateLimitMs = 0,
  /** An outbound delivery: its id rides along as message metadata (deliveredBefore finds it). */
  deliveryId?: string,
): Promise<void> {
  for (const r of replies) {
    const msg = renderMessage(r, lang);
    const post = () =>
      client.chat.postMessage({
        channel,
        text: msg.text,
        blocks: msg.blocks as never,
        unfurl_links: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(deliveryId ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery_id: deliveryId } } } : {}),
      });
    await sendWithShortRetry(post, (err) => toSlackError(err, 'chat.postMessage'), waitRateLimitMs);
  }
}

/** The metadata event type on every delivery the bot posts (payload: `{ delivery_id }`). */
export const DELIVERY_EVENT = 'union_desk_delivery';
/** How far back a retry looks for its own earlier post (a delivery retried after a crash is recent). */
export const HISTORY_LOOKBACK = 200;

interface MetaMessage {
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * Did an earlier attempt of this delivery reach the chat? Reads the conversation's (or thread's)
 * recent messages with their metadata and looks for the delivery id.
 */
export async function deliveredBefore(
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  deliveryId: string,
): Promise<boolean> {
  const args = { channel, include_all_metadata: true, limit: HISTORY_LOOKBACK };
  try {
    const res = threadTs
      ? await client.conversations.replies({ ...args, ts: threadTs })
      : await client.conversations.history(args);
    return ((res.messages ?? []) as MetaMessage[]).some(
      (m) => m.metadata?.event_type === DELIVERY_EVENT && m.metadata.event_payload?.['delivery_id'] === deliveryId,
    );
  } catch (err) {
    throw toSlackError(err, threadTs ? 'conversations.replies' : 'conversations.history');
  }
}

/** Sending only (reminders, broadcasts): what a process that does not receive needs. */
export function slackSender(client: WebClient): Channel {
  return {
    name: 'slack',
    send: (to, replies, meta) => postReplies(client, to.chatId, to.threadId, replies, 'zh', 0, meta?.deliveryId),
    deliveredBefore: (to, deliveryId) => deliveredBefore(client, to.chatId, to.threadId, deliveryId),
  };
}

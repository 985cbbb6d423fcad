import type { webApi } from '@slack/bolt';
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
      });
    try {
      await post();
    } catch (err) {
      const e = toSlackError(err, 'chat.postMessage');
      const f = e.failure;
      if (f.kind !== 'rate_limited' || f.retryAfterMs > waitRateLimitMs) throw e;
      await new Promise((ok) => setTimeout(ok, f.retryAfterMs));
      try {
        await post();
      } catch (again) {
        throw toSlackError(again, 'chat.postMessage');
      }
    }
  }
}

/** The Slack channel as the core sees it: send on its own (reminders, broadcasts). */
export function createSlackChannel(
  client: WebClient,
  lifecycle: { start(): Promise<void>; stop(): Promise<void> },
): Channel {
  return {
    name: 'slack',
    start: lifecycle.start,
    stop: lifecycle.stop,
    send: (to, replies) => postReplies(client, to.chatId, to.threadId, replies),
  };
}

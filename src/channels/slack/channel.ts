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
    await sendWithShortRetry(post, (err) => toSlackError(err, 'chat.postMessage'), waitRateLimitMs);
  }
}

/** Sending only (reminders, broadcasts): what a process that does not receive needs. */
export function slackSender(client: WebClient): Channel {
  return { name: 'slack', send: (to, replies) => postReplies(client, to.chatId, to.threadId, replies) };
}

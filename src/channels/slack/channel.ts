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
): Promise<void> {
  for (const r of replies) {
    const msg = renderMessage(r, lang);
    try {
      await client.chat.postMessage({
        channel,
        text: msg.text,
        blocks: msg.blocks as never,
        unfurl_links: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    } catch (err) {
      throw toSlackError(err, 'chat.postMessage');
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

import type { Message, MessageEntity, Update } from 'telegraf/types';
import type { Incoming } from '../../core/types.js';

export interface BotIdentity {
  id: number;
  username: string;
}

/** One update, translated: the core message plus what the adapter needs to answer in place. */
export interface ParsedUpdate {
  inc: Incoming;
  /** In groups, answer as a reply to this message. */
  replyTo?: number;
  /** A button press to acknowledge (stops the spinner on the button). */
  callbackQueryId?: string;
  /** The message carrying the pressed buttons (its keyboard is removed). */
  buttonsMessageId?: number;
}

type TextMessage = Message & {
  text?: string;
  caption?: string;
  entities?: MessageEntity[];
  caption_entities?: MessageEntity[];
};

function isGroupChat(type: string): boolean {
  return type === 'group' || type === 'supergroup';
}

/** Remove `@botname` wherever it appears and tidy the spaces left behind. */
function stripMention(text: string, username: string): string {
  const re = new RegExp(`@${username.replace(/[^\w]/g, '')}\\b`, 'gi');
  return text
    .replace(re, ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

function threadOf(msg: Message): string | undefined {
  const m = msg as Message & { is_topic_message?: boolean; message_thread_id?: number };
  return m.is_topic_message && m.message_thread_id !== undefined ? String(m.message_thread_id) : undefined;
}

function fromMessage(msg: TextMessage, bot: BotIdentity): ParsedUpdate | null {
  if (!msg.from || msg.from.is_bot) return null;
  const raw = msg.text ?? msg.caption;
  if (raw === undefined) return null;
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const group = isGroupChat(msg.chat.type);
  if (msg.chat.type === 'channel') return null;

  let command = false;
  const cmd = /^\/[\w\u4e00-\u9fff-]+(?:@(\w+))?/u.exec(raw);
  if (cmd) {
    // `/help@other_bot` is for another bot in the group.
    if (cmd[1] && cmd[1].toLowerCase() !== bot.username.toLowerCase()) return null;
    command = true;
  }
  const mentionedByName = entities.some((e) => {
    if (e.type === 'mention')
      return raw.slice(e.offset, e.offset + e.length).toLowerCase() === `@${bot.username.toLowerCase()}`;
    if (e.type === 'text_mention') return e.user.id === bot.id;
    return false;
  });
  const reply = (msg as Message & { reply_to_message?: Message }).reply_to_message;
  const repliedToBot = reply?.from?.id === bot.id;

  const inc: Incoming = {
    channel: 'telegram',
    chatId: String(msg.chat.id),
    userId: String(msg.from.id),
    userName: msg.from.username ?? [msg.from.first_name, msg.from.last_name].filter(Boolean).join(' '),
    text: stripMention(raw, bot.username),
    isGroup: group,
    mentioned: !group || command || mentionedByName || repliedToBot,
    messageId: String(msg.message_id),
  };
  const thread = threadOf(msg);
  if (thread !== undefined) inc.threadId = thread;
  const out: ParsedUpdate = { inc };
  if (group) out.replyTo = msg.message_id;
  return out;
}

/** Telegram update → Incoming, or null for updates the bot does not answer (edits, channel posts, other bots' commands). */
export function parseUpdate(update: Update, bot: BotIdentity): ParsedUpdate | null {
  if ('message' in update && update.message) return fromMessage(update.message as TextMessage, bot);
  if ('callback_query' in update && update.callback_query) {
    const q = update.callback_query;
    const data = 'data' in q ? q.data : undefined;
    const msg = q.message;
    if (data === undefined || !msg || !('chat' in msg)) return null;
    const group = isGroupChat(msg.chat.type);
    const inc: Incoming = {
      channel: 'telegram',
      chatId: String(msg.chat.id),
      userId: String(q.from.id),
      userName: q.from.username ?? q.from.first_name,
      action: data,
      isGroup: group,
      mentioned: true,
      messageId: String(msg.message_id),
    };
    const thread = threadOf(msg as Message);
    if (thread !== undefined) inc.threadId = thread;
    const out: ParsedUpdate = { inc, callbackQueryId: q.id, buttonsMessageId: msg.message_id };
    const replyTo = (msg as Message & { reply_to_message?: Message }).reply_to_message?.message_id;
    if (group && replyTo !== undefined) out.replyTo = replyTo;
    return out;
  }
  return null;
}

import type { Incoming } from '../../core/types.js';

/**
 * WeCom 智能机器人 callbacks, as the long connection's `aibot_msg_callback` / `aibot_event_callback`
 * frame bodies carry them (the webhook's decrypted JSON is the same object):
 * `{msgid, aibotid, chatid?, chattype: single|group, from: {userid}, msgtype, text: {content}, …}`.
 */
export type WecomBody = Record<string, unknown>;

export interface ParsedWecom {
  inc: Incoming;
  /** The callback's msgid (dedupe). */
  msgid: string;
}

export interface ParsedCardPress extends ParsedWecom {
  /** The pressed card's task_id (the card is updated with it). */
  taskId: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** An @-mention as the client writes it into the text: `@名字` then a space (often U+2005). */
const MENTION = /@([^\s\u2005@]+)[\s\u2005]*/gu;

/** The words of a text, mixed (text + images) or voice (transcribed) message; null for the rest. */
function messageText(body: Rec): string | null {
  switch (body['msgtype']) {
    case 'text':
      return str(rec(body['text'])['content']) ?? '';
    case 'voice':
      return str(rec(body['voice'])['content']) ?? '';
    case 'mixed': {
      const items = Array.isArray(rec(body['mixed'])['msg_item']) ? (rec(body['mixed'])['msg_item'] as unknown[]) : [];
      return items
        .map((i) => (rec(i)['msgtype'] === 'text' ? (str(rec(rec(i)['text'])['content']) ?? '') : ''))
        .filter(Boolean)
        .join('\n');
    }
    default:
      return null;
  }
}

/**
 * Strip the bot's mention. With the bot's name known only `@name` counts; without it, WeCom
 * delivers a group message to the bot only when it was @-mentioned, so the first `@…` is the bot's.
 */
export function stripMention(raw: string, botName: string | undefined): { text: string; mentioned: boolean } {
  let mentioned = false;
  const text = raw.replace(MENTION, (all, name: string) => {
    if (botName ? name === botName : !mentioned) {
      mentioned = true;
      return ' ';
    }
    return all;
  });
  return { text: text.replace(/[ \t\u2005]{2,}/gu, ' ').trim(), mentioned };
}

/** The chat to answer in: the group's chatid, or in a single chat the user (aibot_send_msg takes either). */
function chatOf(body: Rec, userId: string): { chatId: string; group: boolean } | null {
  const group = body['chattype'] === 'group';
  if (!group) return { chatId: userId, group };
  const chatId = str(body['chatid']);
  return chatId ? { chatId, group } : null;
}

/**
 * `aibot_msg_callback` → Incoming, or null (images, files, video, no sender). A single chat is
 * always addressed; a group message is addressed when it @-mentions the bot (mention stripped).
 * WeCom has no threads: the group chat is the conversation, so a running form goes on there.
 */
export function parseMessage(body: WecomBody, botName?: string): ParsedWecom | null {
  const msgid = str(body['msgid']);
  const userId = str(rec(body['from'])['userid']);
  if (!msgid || !userId) return null;
  const raw = messageText(body);
  if (raw === null) return null;
  const chat = chatOf(body, userId);
  if (!chat) return null;
  const { text, mentioned } = chat.group ? stripMention(raw, botName) : { text: raw.trim(), mentioned: true };
  const inc: Incoming = {
    channel: 'wecom',
    chatId: chat.chatId,
    userId,
    text,
    isGroup: chat.group,
    mentioned,
    messageId: msgid,
  };
  return { inc, msgid };
}

/** The template_card_event's details: nested under `event.template_card_event` (the docs), or flat (the SDK's types). */
function cardEvent(body: Rec): Rec {
  const ev = rec(body['event']);
  const nested = rec(ev['template_card_event']);
  return Object.keys(nested).length > 0 ? nested : ev;
}

/** A template card button press (`template_card_event`, `event_key` = the choice's value) → Incoming with `action`. */
export function parseCardPress(body: WecomBody): ParsedCardPress | null {
  const ev = rec(body['event']);
  if (ev['eventtype'] !== 'template_card_event') return null;
  const msgid = str(body['msgid']);
  const userId = str(rec(body['from'])['userid']);
  const card = cardEvent(body);
  const key = str(card['event_key']) ?? str(card['eventkey']);
  const taskId = str(card['task_id']);
  if (!msgid || !userId || !key || !taskId) return null;
  const chat = chatOf(body, userId);
  if (!chat) return null;
  const inc: Incoming = {
    channel: 'wecom',
    chatId: chat.chatId,
    userId,
    action: key,
    isGroup: chat.group,
    mentioned: true,
    messageId: msgid,
  };
  return { inc, msgid, taskId };
}

/** The event type of an `aibot_event_callback` body (enter_chat, template_card_event, feedback_event, …). */
export function eventType(body: WecomBody): string {
  return str(rec(body['event'])['eventtype']) ?? '';
}

import type { Incoming } from '../../core/types.js';

/**
 * A robot message as DingTalk delivers it (HTTP callback body, or a Stream CALLBACK frame's `data`
 * on /v1.0/im/bot/messages/get): msgId, conversationId, conversationType ('1' private, '2' group),
 * isInAtList, atUsers, chatbotUserId, senderStaffId, senderNick, msgtype with text / richText / audio.
 */
export type RobotMessage = Record<string, unknown>;

export interface ParsedDingTalk {
  inc: Incoming;
  /** The platform's message id (msgId): retries carry the same one. */
  msgId: string;
}

/**
 * Private chats are sent to through oToMessages/batchSend, which takes the user's staff id, so a
 * private chat's id is the staff id behind this marker; a group's id is its openConversationId
 * (conversationId) as DingTalk gives it.
 */
export const PRIVATE_PREFIX = 'u.';

export type Target = { kind: 'user'; staffId: string } | { kind: 'group'; openConversationId: string };

export function privateChatId(staffId: string): string {
  return `${PRIVATE_PREFIX}${staffId}`;
}

/** A chat id → where the OpenAPI sends to. */
export function targetOf(chatId: string): Target {
  return chatId.startsWith(PRIVATE_PREFIX)
    ? { kind: 'user', staffId: chatId.slice(PRIVATE_PREFIX.length) }
    : { kind: 'group', openConversationId: chatId };
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The words of a message: text, the text runs of richText, or the speech recognition of audio. */
function messageText(msg: RobotMessage): string | null {
  const type = msg['msgtype'];
  if (type === 'text' || type === undefined) return str(rec(msg['text'])['content']) ?? (type ? '' : null);
  const content = rec(msg['content']);
  if (type === 'richText') {
    const runs = Array.isArray(content['richText']) ? (content['richText'] as unknown[]) : [];
    const text = runs.map((r) => str(rec(r)['text']) ?? '').join('');
    return text.trim() === '' ? null : text;
  }
  if (type === 'audio') return str(content['recognition']) ?? null;
  return null;
}

/**
 * DingTalk already removes the @robot from `text.content`; some clients leave the `@名字` runs at
 * the start (the bot's, or others' mentioned together with it), so a group message loses leading
 * @-runs too.
 */
export function stripMentions(text: string): string {
  return text
    .replace(/^(?:\s*@[^\s@]+)+\s*/u, '')
    .replace(/[ \t\u00a0\u2005]{2,}/g, ' ')
    .trim();
}

/**
 * Robot message → Incoming, or null for what the bot does not answer (pictures, files, senders
 * without a staff id). In a group the bot is addressed when it is in the @ list (isInAtList, or
 * chatbotUserId among atUsers); DingTalk delivers group messages to a robot only when it is
 * @-mentioned, so a running form continues from the next @-message in the group.
 */
export function parseRobotMessage(msg: RobotMessage): ParsedDingTalk | null {
  const msgId = str(msg['msgId']);
  const userId = str(msg['senderStaffId']);
  const conversationId = str(msg['conversationId']);
  if (!msgId || !userId || !conversationId) return null;
  const raw = messageText(msg);
  if (raw === null) return null;
  const group = String(msg['conversationType']) === '2';
  const bot = str(msg['chatbotUserId']);
  const atUsers = Array.isArray(msg['atUsers']) ? (msg['atUsers'] as unknown[]) : [];
  const mentioned =
    msg['isInAtList'] === true || (bot !== undefined && atUsers.some((a) => rec(a)['dingtalkId'] === bot));
  const inc: Incoming = {
    channel: 'dingtalk',
    chatId: group ? conversationId : privateChatId(userId),
    userId,
    text: group ? stripMentions(raw) : raw.trim(),
    isGroup: group,
    mentioned: !group || mentioned,
    messageId: msgId,
  };
  const nick = str(msg['senderNick']);
  if (nick) inc.userName = nick;
  return { inc, msgId };
}

/** A bare number (1–99, half- or full-width): the answer to a numbered choice list. */
export function choiceNumber(text: string | undefined): number | null {
  const m = /^\s*([0-9０-９]{1,2})\s*$/u.exec(text ?? '');
  if (!m) return null;
  const n = Number(m[1]!.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
  return n >= 1 ? n : null;
}

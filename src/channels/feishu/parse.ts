import type { Incoming } from '../../core/types.js';

/**
 * Feishu events as the SDK's EventDispatcher hands them over: the v2 envelope flattened, so
 * `event_id`, `event_type`, `token` sit beside the event's own fields (`message`, `sender`, …).
 */
export type FeishuEvent = Record<string, unknown>;

export interface ParsedFeishu {
  inc: Incoming;
  /** Answer as a reply to this message (groups: in its thread). */
  replyTo?: string;
}

/** The key a button's `behaviors[].value` carries the choice's value under (see format.ts). */
export const ACTION_KEY = 'ud';
/** …and the conversation's thread, so the answer to a press lands where the buttons were. */
export const THREAD_KEY = 'ud_t';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

interface Mention {
  key: string;
  openId?: string;
  name?: string;
}

function mentionsOf(message: Rec): Mention[] {
  const list = Array.isArray(message['mentions']) ? (message['mentions'] as unknown[]) : [];
  return list.flatMap((m) => {
    const r = rec(m);
    const key = str(r['key']);
    if (!key) return [];
    const out: Mention = { key };
    const openId = str(rec(r['id'])['open_id']);
    if (openId) out.openId = openId;
    const name = str(r['name']);
    if (name) out.name = name;
    return [out];
  });
}

/** The words of a `post` (rich text): every text, link and @ run of every paragraph. */
function postText(content: Rec): string {
  const body = rec(content['zh_cn'] ?? content['en_us'] ?? content);
  const rows = Array.isArray(body['content']) ? (body['content'] as unknown[]) : [];
  const lines = rows.map((row) =>
    (Array.isArray(row) ? row : [])
      .map((el) => {
        const e = rec(el);
        if (e['tag'] === 'text' || e['tag'] === 'a') return str(e['text']) ?? '';
        if (e['tag'] === 'at') return `@${str(e['user_name']) ?? str(e['user_id']) ?? ''}`;
        return '';
      })
      .join(''),
  );
  const title = str(body['title']);
  return [title, ...lines].filter(Boolean).join('\n');
}

function messageText(message: Rec): string | null {
  let content: Rec;
  try {
    content = rec(JSON.parse(String(message['content'] ?? '{}')));
  } catch {
    return null;
  }
  if (message['message_type'] === 'text') return str(content['text']) ?? '';
  if (message['message_type'] === 'post') return postText(content);
  return null;
}

/**
 * `im.message.receive_v1` → Incoming, or null for what the bot does not answer (other bots,
 * images and files). In a group the bot answers only when @-mentioned (`mentions[].id.open_id` is
 * its own); every group answer is a reply in the message's thread, and the thread (its root
 * message) is the conversation, so a running form continues from plain replies in that thread.
 */
export function parseMessage(ev: FeishuEvent, botOpenId: string | null): ParsedFeishu | null {
  const message = rec(ev['message']);
  const sender = rec(ev['sender']);
  if (sender['sender_type'] !== undefined && sender['sender_type'] !== 'user') return null;
  const userId = str(rec(sender['sender_id'])['open_id']);
  const chatId = str(message['chat_id']);
  const messageId = str(message['message_id']);
  if (!userId || !chatId || !messageId) return null;
  const raw = messageText(message);
  if (raw === null) return null;

  const group = message['chat_type'] === 'group';
  const mentions = mentionsOf(message);
  const mentioned = mentions.some((m) => botOpenId !== null && m.openId === botOpenId);
  let text = raw;
  for (const m of mentions) {
    const mine = botOpenId !== null && m.openId === botOpenId;
    text = text.split(m.key).join(mine ? ' ' : `@${m.name ?? ''}`);
  }
  text = text.replace(/[ \t]{2,}/g, ' ').trim();

  const inc: Incoming = {
    channel: 'feishu',
    chatId,
    userId,
    text,
    isGroup: group,
    mentioned: !group || mentioned,
    messageId,
  };
  if (!group) return { inc };
  inc.threadId = str(message['root_id']) ?? messageId;
  return { inc, replyTo: messageId };
}

/** `card.action.trigger` (a card v2 button press) → Incoming with `action`, or null. */
export function parseCardAction(ev: FeishuEvent): ParsedFeishu | null {
  const operator = rec(ev['operator']);
  const action = rec(ev['action']);
  const value = rec(action['value']);
  const context = rec(ev['context']);
  const userId = str(operator['open_id']);
  const chatId = str(context['open_chat_id']) ?? str(ev['open_chat_id']);
  const choice = str(value[ACTION_KEY]);
  if (!userId || !chatId || !choice) return null;
  const thread = str(value[THREAD_KEY]);
  const inc: Incoming = {
    channel: 'feishu',
    chatId,
    userId,
    action: choice,
    isGroup: thread !== undefined,
    mentioned: true,
  };
  const messageId = str(context['open_message_id']) ?? str(ev['open_message_id']);
  if (messageId) inc.messageId = messageId;
  if (thread) inc.threadId = thread;
  return { inc };
}

/** `im.chat.member.bot.deleted_v1`: the chat the bot was removed from. */
export function removedFrom(ev: FeishuEvent): string | null {
  return str(ev['chat_id']) ?? null;
}

import type { Incoming } from '../../core/types.js';

type Rec = Record<string, unknown>;

/** A Slack payload, translated: the core message and the thread the answer goes into. */
export interface ParsedSlack {
  inc: Incoming;
  /** Post the answer into this thread (thread_ts). */
  replyThreadTs?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

/** DM channel ids start with D; everything else (C public, G private / group DM) is a group. */
export const isDirect = (channelId: string): boolean => channelId.startsWith('D');

/** Slack's text → what the user typed: the bot's mention removed, links shown as their label, entities decoded. */
export function plainText(text: string, botUserId: string | null): string {
  let t = text;
  if (botUserId) t = t.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ');
  t = t
    // No `<` inside a link: a run of unclosed `<http:` is then scanned once, not once per `<` (bench/redos.ts).
    .replace(/<(https?:[^|<>]+)\|([^<>]+)>/g, '$2')
    .replace(/<(https?:[^<>]+)>/g, '$1')
    .replace(/<#C\w+\|([^<>]+)>/g, '#$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return t.replace(/[ \t]{2,}/g, ' ').trim();
}

function base(channel: string, user: string): Incoming {
  return { channel: 'slack', chatId: channel, userId: user, isGroup: !isDirect(channel), mentioned: true };
}

/** app_mention: the conversation is the thread (started by this message when it is not in one yet). */
export function fromMention(ev: Rec, botUserId: string | null): ParsedSlack | null {
  const channel = str(ev['channel']);
  const user = str(ev['user']);
  const ts = str(ev['ts']);
  if (!channel || !user || !ts || str(ev['bot_id'])) return null;
  const thread = str(ev['thread_ts']) ?? ts;
  const inc = {
    ...base(channel, user),
    text: plainText(str(ev['text']) ?? '', botUserId),
    threadId: thread,
    messageId: ts,
  };
  inc.isGroup = true;
  return { inc, replyThreadTs: thread };
}

/**
 * message events: DMs are always addressed (one conversation per DM, answers in the message's thread);
 * in channels only messages not mentioning the bot arrive here (app_mention takes those), unaddressed,
 * so a form the user is filling in a thread can continue without @-mentions.
 */
export function fromMessage(ev: Rec, botUserId: string | null): ParsedSlack | null {
  const subtype = str(ev['subtype']);
  if (subtype && subtype !== 'file_share' && subtype !== 'thread_broadcast') return null;
  const channel = str(ev['channel']);
  const user = str(ev['user']);
  const ts = str(ev['ts']);
  if (!channel || !user || !ts || str(ev['bot_id']) || user === botUserId) return null;
  const raw = str(ev['text']) ?? '';
  const thread = str(ev['thread_ts']);
  if (ev['channel_type'] === 'im' || isDirect(channel)) {
    return {
      inc: { ...base(channel, user), isGroup: false, text: plainText(raw, botUserId), messageId: ts },
      replyThreadTs: thread ?? ts,
    };
  }
  if (botUserId && raw.includes(`<@${botUserId}`)) return null;
  const inc: Incoming = { ...base(channel, user), mentioned: false, text: plainText(raw, botUserId), messageId: ts };
  if (thread) inc.threadId = thread;
  return thread ? { inc, replyThreadTs: thread } : { inc };
}

/** The catch-all command: `/ud report` → `/report`, `/ud 加班费怎么算` → the question itself, `/ud` → `/help`. */
export const CATCH_ALL = 'ud';

function commandText(command: string, args: string): string {
  const name = command.replace(/^\//, '');
  if (name !== CATCH_ALL) return `/${name}${args ? ` ${args}` : ''}`;
  if (args === '') return '/help';
  if (args.startsWith('/')) return args;
  return /^[a-z]+(\s|$)/i.test(args) ? `/${args}` : args;
}

/** A slash command: `/report 2026-03` becomes the text `/report 2026-03`. */
export function fromCommand(cmd: Rec): ParsedSlack | null {
  const channel = str(cmd['channel_id']);
  const user = str(cmd['user_id']);
  const name = str(cmd['command']);
  if (!channel || !user || !name) return null;
  const args = typeof cmd['text'] === 'string' ? cmd['text'].trim() : '';
  const inc: Incoming = { ...base(channel, user), text: commandText(name, args) };
  const userName = str(cmd['user_name']);
  if (userName) inc.userName = userName;
  return { inc };
}

/** A button press (block_actions): the value is the action; the answer follows the pressed message's thread. */
export function fromBlockAction(body: Rec): ParsedSlack | null {
  const action = rec((body['actions'] as unknown[] | undefined)?.[0]);
  const value = str(action['value']);
  const user = str(rec(body['user'])['id']);
  const channel = str(rec(body['channel'])['id']) ?? str(rec(body['container'])['channel_id']);
  if (!value || !user || !channel) return null;
  const message = rec(body['message']);
  const thread = str(message['thread_ts']);
  const inc: Incoming = { ...base(channel, user), action: value };
  const msgTs = str(message['ts']);
  if (msgTs) inc.messageId = msgTs;
  if (thread && !isDirect(channel)) inc.threadId = thread;
  return thread ? { inc, replyThreadTs: thread } : { inc };
}

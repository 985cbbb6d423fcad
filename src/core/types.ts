/**
 * Channel-agnostic message types. Every platform event becomes one `Incoming`;
 * every module answers with `Reply[]`. Nothing platform-specific lives here.
 */

export const CHANNELS = ['web', 'slack', 'telegram', 'feishu', 'dingtalk', 'wecom', 'cli'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** A typed-in identity (`ADMINS`, `/role`, `/officer`, the console): a known channel, a colon, a platform user id. */
export const IDENTITY_RE = new RegExp(`^(?:${CHANNELS.join('|')}):[^\\s,:]{1,128}$`);

/**
 * Web chat visitors' user ids start with this: the server issues them (a signed cookie); nobody
 * can type one in (`ADMINS`, `/role`, `/officer`, the integration API refuse it). A visitor gains a
 * role only by redeeming an invite (/join) or a link code (/link).
 */
export const VISITOR_PREFIX = '~';

/** Is this `channel:userId` a web chat visitor (a browser the server issued an identity to)? */
export function isWebVisitor(identity: string): boolean {
  return identity.startsWith(`web:${VISITOR_PREFIX}`);
}

/** A month as stored and typed: `YYYY-MM`. */
export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export type Lang = 'zh' | 'en';

export interface Incoming {
  channel: ChannelName;
  /** Platform chat id (Slack channel id, Telegram chat id, web chat id). */
  chatId: string;
  /** Platform user id; the identity is `${channel}:${userId}`. */
  userId: string;
  userName?: string;
  /** Message text with any bot mention removed. */
  text?: string;
  /** A button press / callback: the `value` of a `Choice`. */
  action?: string;
  isGroup: boolean;
  /** The bot was @-mentioned or replied to (only meaningful in groups). */
  mentioned: boolean;
  /** Thread (Slack thread_ts, Telegram message_thread_id) the reply belongs in. */
  threadId?: string;
  /** Platform message id, used to reply in place / dedupe. */
  messageId?: string;
  /** Explicit language preference for this message (e.g. Slack locale). */
  lang?: Lang;
}

export interface Choice {
  label: string;
  value: string;
}

export interface Citation {
  doc: string;
  locator: string;
  quote: string;
}

export interface Reply {
  text: string;
  choices?: Choice[];
  citations?: Citation[];
  /** Ask the channel to confirm before acting (Slack confirm dialogs). */
  confirm?: boolean;
  /**
   * Set on a Q&A answer: `text` is the rule, `citations[0]` the article that states it (its quote the
   * whole article), later citations related ones. Channels lay it out with src/core/answer-view.ts.
   */
  answer?: AnswerMeta;
}

export interface AnswerMeta {
  /** The answer's language (labels follow it; quotes stay Chinese). */
  lang: Lang;
  /** A staff-curated answer, labelled 已经工会办公室确认. */
  confirmed?: boolean;
  /** The Q&A answered below its confident operating point (the answer goes to the review queue). */
  lowConfidence?: boolean;
}

/** A conversation is a chat plus an optional thread: `telegram:-100123:42`. */
export interface ConversationRef {
  channel: ChannelName;
  chatId: string;
  threadId?: string;
}

const enc = (s: string): string => s.replace(/%/g, '%25').replace(/:/g, '%3A');
const dec = (s: string): string => s.replace(/%3A/g, ':').replace(/%25/g, '%');

export function encodeConversationId(ref: ConversationRef): string {
  const parts = [ref.channel, enc(ref.chatId)];
  if (ref.threadId !== undefined && ref.threadId !== '') parts.push(enc(ref.threadId));
  return parts.join(':');
}

export function decodeConversationId(id: string): ConversationRef {
  const [channel, chatId, threadId, ...rest] = id.split(':');
  if (!channel || !(CHANNELS as readonly string[]).includes(channel) || chatId === undefined || rest.length > 0) {
    throw new Error(`invalid conversation id: ${id}`);
  }
  const ref: ConversationRef = { channel: channel as ChannelName, chatId: dec(chatId) };
  if (threadId !== undefined) ref.threadId = dec(threadId);
  return ref;
}

export function conversationOf(inc: Incoming): ConversationRef {
  const ref: ConversationRef = { channel: inc.channel, chatId: inc.chatId };
  if (inc.threadId !== undefined) ref.threadId = inc.threadId;
  return ref;
}

/** `channel:userId`, the identity roles and units are bound to. */
export function identityOf(inc: Pick<Incoming, 'channel' | 'userId'>): string {
  return `${inc.channel}:${inc.userId}`;
}

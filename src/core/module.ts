import type { Deps } from './deps.js';
import type { Role } from './roles.js';
import type { ConversationRef, Incoming, Lang, Reply } from './types.js';

/** Everything a handler needs about the message it is answering. */
export interface HandlerContext {
  deps: Deps;
  inc: Incoming;
  /** Language to answer in (zh unless the user writes English or chose English). */
  lang: Lang;
  role: Role;
  /** `channel:userId` */
  identity: string;
  conv: ConversationRef;
  /** Translate an i18n key from prompts/i18n/*.json. */
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** The per-user-per-conversation "who owns the next message" marker (e.g. a running form). */
  session: SessionControl;
}

export interface SessionControl {
  /** Route the user's next plain messages in this conversation to `feature` until cleared. */
  claim(feature: string): Promise<void>;
  release(): Promise<void>;
  owner(): Promise<string | null>;
}

export type Handler = (ctx: HandlerContext, args: string) => Promise<Reply[]>;

export interface CommandSpec {
  /** Names without the slash; Chinese aliases allowed (e.g. ['report', '填报', '月报']). */
  names: string[];
  /** i18n key of the one-line help text. */
  help: string;
  /** Minimum role; omitted = everyone. */
  role?: Role;
  /** Chinese aliases may be typed without a slash when they are the whole message (e.g. 填报). */
  bareAliases?: string[];
  handler: Handler;
}

export interface ActionSpec {
  /** Button values starting with `${prefix}:` go to this handler; args = the rest. */
  prefix: string;
  handler: Handler;
}

export interface Feature {
  name: string;
  commands?: CommandSpec[];
  actions?: ActionSpec[];
  /**
   * Called for plain text while this feature owns the user's session in the conversation.
   * Return null to let the message fall through to the default (Q&A).
   */
  onSessionText?: (ctx: HandlerContext, text: string) => Promise<Reply[] | null>;
  /**
   * The running session's current prompt (e.g. the form's question), repeated after the router
   * itself answered the user (empty or over-long input, an unknown command) so the user knows where they are.
   */
  sessionPrompt?: (ctx: HandlerContext) => Promise<Reply[]>;
  /** The default handler for questions (only the Q&A feature sets this). */
  onQuestion?: Handler;
}

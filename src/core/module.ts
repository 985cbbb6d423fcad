import type { FastifyInstance } from 'fastify';
import type { Deps } from './deps.js';
import type { Role } from './roles.js';
import type { ConversationRef, Incoming, Lang, Reply } from './types.js';

/** Everything a handler needs about the message it is answering. */
export interface HandlerContext {
  deps: Deps;
  inc: Incoming;
  /** Language to answer in (see `languageFor` in i18n.ts). */
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
  /** Route the user's next plain messages in this conversation to the module `name` until cleared. */
  claim(name: string): Promise<void>;
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
  /**
   * Answers without Redis and without knowing the user's role (/help, /ask): runs while Redis is
   * away. Every other command then answers "暂时无法处理，请稍后再试 / temporarily unavailable".
   */
  stateless?: boolean;
  handler: Handler;
}

export interface ActionSpec {
  /** Button values starting with `${prefix}:` go to this handler; args = the rest. */
  prefix: string;
  handler: Handler;
}

/** A route module a module adds to the one HTTP server (webhooks, admin pages, calendar.ics). */
export type RoutePlugin = (app: FastifyInstance) => void | Promise<void>;

/** A conversation a module runs across several messages (a form): it owns the user's plain text until it releases it. */
export interface SessionHandlers {
  /** Plain text while this module owns the user's session in the conversation; null lets it fall through to Q&A. */
  onText(ctx: HandlerContext, text: string): Promise<Reply[] | null>;
  /**
   * The running session's current prompt (e.g. the form's question), repeated after the router itself
   * answered the user (empty or over-long input, an unknown command) so the user knows where they are.
   */
  prompt?(ctx: HandlerContext): Promise<Reply[]>;
}

/**
 * The one plug-in shape. A module may add chat commands, buttons, a session, the default question
 * handler (Q&A), HTTP routes, and things to start and stop with the process. Modules are built in
 * src/app.ts, each given the services it needs, and listed once there.
 */
export interface Module {
  name: string;
  commands?: CommandSpec[];
  actions?: ActionSpec[];
  session?: SessionHandlers;
  /** The default handler for questions (only the Q&A module sets this). */
  onQuestion?: Handler;
  routes?: RoutePlugin[];
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

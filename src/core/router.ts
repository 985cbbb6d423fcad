import { AppError } from '../errors.js';
import { isRedisUnavailable, orWhenUnavailable } from '../store/unavailable.js';
import type { Deps } from './deps.js';
import type { CommandSpec, Handler, HandlerContext, Module, SessionControl } from './module.js';
import { detectLang, translate } from './i18n.js';
import { languageOf, personOf } from './person.js';
import { rateWait } from './rate.js';
import { hasRole } from './roles.js';
import { type Incoming, type Lang, type Reply, conversationOf, encodeConversationId, identityOf } from './types.js';

export interface Router {
  handle(inc: Incoming): Promise<Reply[]>;
  /** The replies and the language they are in (adapters render and apologise in it). */
  answer(inc: Incoming): Promise<{ replies: Reply[]; lang: Lang }>;
  /** Commands visible to a role, for /help and platform command menus. */
  commands(): CommandSpec[];
}

const SESSION_TTL_S = 7 * 24 * 3600;

/** `/cmd@bot args` → ['cmd', 'args']; a bare Chinese alias at the start of the message counts too. */
export function parseCommand(text: string, bare: Map<string, CommandSpec>): [string, string] | null {
  const m = /^\/([\w\u4e00-\u9fff-]+)(?:@\w+)?(?:\s+([\s\S]*))?$/u.exec(text);
  if (m) return [m[1]!.toLowerCase(), (m[2] ?? '').trim()];
  for (const alias of bare.keys()) {
    if (text === alias || text.startsWith(`${alias} `)) return [alias, text.slice(alias.length).trim()];
  }
  return null;
}

export function createRouter(deps: Deps, modules: Module[]): Router {
  const byName = new Map<string, CommandSpec>();
  const bare = new Map<string, CommandSpec>();
  const actions: { prefix: string; handler: Handler }[] = [];
  const sessions = new Map<string, Module>();
  let onQuestion: Handler | undefined;
  for (const f of modules) {
    for (const c of f.commands ?? []) {
      for (const n of c.names) byName.set(n.toLowerCase(), c);
      for (const a of c.bareAliases ?? []) bare.set(a, c);
    }
    for (const a of f.actions ?? []) actions.push(a);
    if (f.session) sessions.set(f.name, f);
    if (f.onQuestion) onQuestion = f.onQuestion;
  }
  const { redis, keys, metrics, logger } = deps;
  /** Contexts built while Redis was unreachable (the role is a guess: 'worker'). */
  const degraded = new WeakSet<HandlerContext>();

  function sessionControl(conv: string, identity: string): SessionControl {
    const key = keys.session(conv, identity);
    return {
      claim: async (name) => {
        await redis.set(key, name, 'EX', SESSION_TTL_S);
      },
      release: async () => {
        await redis.del(key);
      },
      // While Redis is away nobody owns the conversation: plain text goes to the Q&A.
      owner: () => orWhenUnavailable(redis.get(key), null),
    };
  }

  /** After the router's own answer to a user in the middle of a session, repeat the session's prompt. */
  async function withSessionPrompt(ctx: HandlerContext, replies: Reply[]): Promise<Reply[]> {
    if (replies.length === 0) return replies;
    const owner = await ctx.session.owner();
    const session = owner ? sessions.get(owner)?.session : undefined;
    return session?.prompt ? [...replies, ...(await session.prompt(ctx))] : replies;
  }

  async function route(ctx: HandlerContext): Promise<{ route: string; replies: Reply[] }> {
    const { inc, t } = ctx;
    const addressed = !inc.isGroup || inc.mentioned;

    // Strangers and workers are rate-limited per platform identity; staff and admins are not.
    if (!hasRole(ctx.role, 'staff')) {
      const wait = await rateWait(deps, `id:${identityOf(inc)}`, deps.config.CHAT_RATE_PER_MINUTE);
      if (wait > 0) {
        return { route: 'rate_limited', replies: addressed ? [{ text: t('error.rate_limited', { seconds: wait }) }] : [] };
      }
    }

    if (inc.action) {
      if (degraded.has(ctx)) return { route: 'unavailable:action', replies: [{ text: t('error.unavailable') }] };
      const a = actions.find((x) => inc.action!.startsWith(`${x.prefix}:`));
      if (!a) return { route: 'action', replies: [{ text: t('error.stale_action') }] };
      return { route: `action:${a.prefix}`, replies: await a.handler(ctx, inc.action.slice(a.prefix.length + 1)) };
    }

    const text = (inc.text ?? '').trim();
    if (text.length > deps.config.MAX_INPUT_CHARS) {
      return {
        route: 'too_long',
        replies: addressed
          ? await withSessionPrompt(ctx, [
              { text: t('error.too_long', { max: deps.config.MAX_INPUT_CHARS, got: text.length }) },
            ])
          : [],
      };
    }
    if (text === '') {
      return { route: 'empty', replies: addressed ? await withSessionPrompt(ctx, [{ text: t('error.empty') }]) : [] };
    }

    const cmd = parseCommand(text, bare);
    if (cmd) {
      const [name, args] = cmd;
      const spec = byName.get(name) ?? bare.get(name);
      if (!spec) {
        const replies = addressed ? await withSessionPrompt(ctx, [{ text: t('error.unknown_command', { name }) }]) : [];
        return { route: 'unknown_command', replies };
      }
      // Redis is away, so who this is and their role are guesses: only a command that needs neither runs.
      if (degraded.has(ctx) && !spec.stateless) {
        return { route: `unavailable:${name}`, replies: [{ text: t('error.unavailable') }] };
      }
      if (spec.role && !hasRole(ctx.role, spec.role)) {
        return { route: `denied:${name}`, replies: [{ text: t('error.forbidden', { role: t(`role.${spec.role}`) }) }] };
      }
      return { route: `command:${spec.names[0]}`, replies: await spec.handler(ctx, args) };
    }

    const owner = await ctx.session.owner();
    const session = owner ? sessions.get(owner)?.session : undefined;
    if (owner && session) {
      const replies = await session.onText(ctx, text);
      if (replies) return { route: `session:${owner}`, replies };
    }

    if (!addressed) return { route: 'ignored', replies: [] };
    if (!onQuestion) return { route: 'question', replies: [{ text: t('error.no_qa') }] };
    return { route: 'question', replies: await onQuestion(ctx, text) };
  }

  async function answer(inc: Incoming): Promise<{ replies: Reply[]; lang: Lang }> {
      const started = performance.now();
      const own = identityOf(inc);
      const conv = conversationOf(inc);
      const convId = encodeConversationId(conv);
      let lang: Lang = 'zh';
      let routeName = 'error';
      let identity = own;
      try {
        // Who, which language and which role: a question can be answered without them while Redis
        // is away (the platform identity, the text's language, no rights), so they fall back.
        let unavailable = false;
        const soft = <T>(p: Promise<T>, fallback: T): Promise<T> =>
          p.catch((err: unknown) => {
            if (!isRedisUnavailable(err)) throw err;
            unavailable = true;
            return fallback;
          });
        identity = await soft(personOf(deps, own), own);
        lang = await soft(languageOf(deps, inc, identity), inc.lang ?? detectLang(inc.text) ?? 'zh');
        const role = await soft(deps.roles.get(identity), 'worker' as const);
        const ctx: HandlerContext = {
          deps,
          inc,
          lang,
          role,
          identity,
          conv,
          t: (key, vars) => translate(lang, key, vars),
          session: sessionControl(convId, identity),
        };
        if (unavailable) degraded.add(ctx);
        const { route: r, replies } = await route(ctx);
        routeName = r.split(':').slice(0, 2).join(':');
        return { replies, lang };
      } catch (err) {
        if (isRedisUnavailable(err)) {
          // A stateful command while Redis is away: say so at once; nothing was confirmed.
          routeName = 'unavailable';
          metrics.errors.inc({ channel: inc.channel, where: 'redis' });
          logger.warn({ err: (err as Error).message, conv: convId, user: identity }, 'redis unavailable: message refused');
          return { replies: [{ text: translate(lang, 'error.unavailable') }], lang };
        }
        metrics.errors.inc({ channel: inc.channel, where: 'router' });
        logger.error({ err, conv: convId, user: identity }, 'message handling failed');
        const code = err instanceof AppError ? err.code : 'internal';
        return { replies: [{ text: translate(lang, 'error.internal', { code }) }], lang };
      } finally {
        metrics.messages.inc({ channel: inc.channel, route: routeName });
        metrics.latency.observe({ channel: inc.channel, route: routeName }, (performance.now() - started) / 1000);
      }
  }

  return {
    commands: () => [...new Set(byName.values())],
    answer,
    handle: async (inc) => (await answer(inc)).replies,
  };
}

import type { FastifyInstance } from 'fastify';
import OpenAI from 'openai';
import { createCalendarCapability } from './calendar/capability.js';
import { createLinkCapability } from './channels/link.js';
import { createSlackCapability } from './channels/slack/index.js';
import { createTelegramCapability } from './channels/telegram/index.js';
import { createQaCapability } from './qa/capability.js';
import { createFeedbackCapability } from './feedback/capability.js';
import { createOutbox, createWebChannel } from './channels/web.js';
import type { Config } from './config.js';
import { createBasicsFeature } from './core/basics.js';
import type { Capability, CapabilityContext, ProcessRole } from './core/capability.js';
import { type Clock, systemClock } from './core/clock.js';
import { createMetrics } from './core/metrics.js';
import { createRoleStore } from './core/roles.js';
import { type Router, createRouter } from './core/router.js';
import type { Deps, Llm } from './deps.js';
import type { Logger } from './logger.js';
import { createKeys } from './store/keys.js';
import { type RedisTarget, checkEvictionPolicy, createRedis } from './store/redis.js';
import { buildServer } from './web/server.js';
import { createFormsCapability } from './forms/capability.js';
import { createAdminCapability } from './web/admin/capability.js';

export interface AppOptions {
  config: Config;
  logger: Logger;
  redisTarget: RedisTarget;
  clock?: Clock;
  role?: ProcessRole;
}

export interface App {
  deps: Deps;
  router: Router;
  server: FastifyInstance | null;
  /** Listen (bot role) and start channels and workers. Returns the base URL when listening. */
  start(): Promise<string | null>;
  /** Drain in-flight messages, stop channels and workers, close Redis. Idempotent. */
  stop(): Promise<void>;
}

function createLlm(config: Config): Llm | null {
  if (!config.openai) return null;
  const { apiKey, baseURL, model, timeoutMs } = config.openai;
  return { client: new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries: 0 }), model, timeoutMs };
}

/**
 * The composition root: one Deps object, every capability, one router, one HTTP server.
 * To add a capability, write `createXCapability(deps, ctx)` in its folder and list it below.
 */
export async function createApp(opts: AppOptions): Promise<App> {
  const { config, logger } = opts;
  const role = opts.role ?? 'all';
  const redis = createRedis(opts.redisTarget, 'command');
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const keys = createKeys(config.REDIS_PREFIX);
  const deps: Deps = {
    config,
    logger,
    redis,
    redisTarget: opts.redisTarget,
    keys,
    clock: opts.clock ?? systemClock,
    llm: createLlm(config),
    metrics: createMetrics(),
    roles: createRoleStore(redis, keys),
    channels: new Map(),
    services: {},
  };
  const warning = await checkEvictionPolicy(redis);
  if (warning) logger.warn(warning);
  await deps.roles.bootstrap(config.ADMINS);

  const outbox = createOutbox(redis, keys);
  deps.channels.set('web', createWebChannel(outbox, () => deps.clock.now()));

  let router: Router | null = null;
  const ctx: CapabilityContext = {
    role,
    router: () => {
      if (!router) throw new Error('router not ready');
      return router;
    },
  };

  // Capabilities, in dependency order (Q&A first: forms answer side questions through it).
  const factories: ((d: Deps, c: CapabilityContext) => Promise<Capability>)[] = [
    createQaCapability,
    createFeedbackCapability, // after the Q&A: it wraps the question handler
    createFormsCapability,
    createAdminCapability,
  ];
  // Channels go last: they need ctx.router() and every other feature registered.
  factories.push(createLinkCapability, createTelegramCapability, createSlackCapability);
  // Calendar last: its workers start after the channels they deliver through.
  factories.push(createCalendarCapability);
  const caps: Capability[] = [];
  for (const f of factories) caps.push(await f(deps, ctx));

  const features = caps.flatMap((c) => c.features ?? []);
  router = createRouter(deps, [createBasicsFeature(() => router?.commands() ?? []), ...features]);

  const server =
    role === 'worker'
      ? null
      : await buildServer(
          deps,
          router,
          outbox,
          caps.flatMap((c) => c.routes ?? []),
        );

  let stopping: Promise<void> | null = null;
  return {
    deps,
    router,
    server,
    async start() {
      let url: string | null = null;
      if (server) {
        await server.listen({ port: config.PORT, host: config.HOST });
        const addr = server.server.address();
        if (addr && typeof addr === 'object') {
          const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          url = `http://${host}:${addr.port}`;
        }
      }
      for (const c of caps) await c.start?.();
      return url;
    },
    stop() {
      stopping ??= (async () => {
        if (server) await server.close(); // waits for in-flight requests
        for (const c of [...caps].reverse()) {
          try {
            await c.stop?.();
          } catch (err) {
            logger.error({ err, capability: c.name }, 'capability failed to stop');
          }
        }
        await redis.quit().catch(() => redis.disconnect());
      })();
      return stopping;
    },
  };
}

import type { FastifyInstance } from 'fastify';
import { createProcessors } from '../jobs/index.js';
import { type Calendar, createCalendar } from './calendar/module.js';
import { createDingTalkChannel } from './channels/dingtalk/index.js';
import { createFeishuChannel } from './channels/feishu/index.js';
import { createWecomChannel } from './channels/wecom/index.js';
import { createSlackChannel } from './channels/slack/index.js';
import { createTelegramChannel } from './channels/telegram/index.js';
import { createWebChannel } from './channels/web/channel.js';
import type { Config, ProcessRole } from './config.js';
import { createBasicsModule } from './core/basics.js';
import type { ChannelIo, ChannelRegistry } from './core/channel.js';
import type { Clock } from './core/clock.js';
import { type Deps, createDeps } from './core/deps.js';
import { createLinkModule } from './core/link.js';
import type { Module } from './core/module.js';
import { type Router, createRouter } from './core/router.js';
import { type Feedback, createFeedback } from './feedback/module.js';
import { type Forms, createForms } from './forms/module.js';
import type { Logger } from './logger.js';
import { createOutbound } from './outbound/index.js';
import { createQueues } from './outbound/queues.js';
import { type Qa, createQa } from './qa/module.js';
import { type RedisTarget, checkEvictionPolicy } from './store/redis.js';
import { type Admin, createAdmin } from './web/admin/module.js';
import { buildServer } from './web/server.js';

export interface AppOptions {
  config: Config;
  logger: Logger;
  redisTarget: RedisTarget;
  clock?: Clock;
  /** Default: PROCESS_ROLE. The CLI runs as 'worker' (no HTTP) without starting workers. */
  role?: ProcessRole;
}

/** The services, as the CLI and tests use them. */
export interface Services {
  qa: Qa['service'];
  feedback: Feedback['service'];
  forms: Forms['service'];
  calendar: Calendar['service'];
  staff: Admin['staff'];
}

export interface App {
  deps: Deps;
  router: Router;
  services: Services;
  /** The channels this process sends through (deliveries use the same registry). */
  channels: ChannelRegistry;
  server: FastifyInstance | null;
  /** Listen (bot role) and start channels and workers. Returns the base URL when listening. */
  start(): Promise<string | null>;
  /** Drain in-flight messages, stop channels and workers, close Redis. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The composition root, and the only file that sees everything: Deps, then each service built in
 * order and given what it needs, one router over the chat modules, the channels, the outbound
 * engine with its processors, one HTTP server over every module's routes.
 * To add a module, build it here with what it needs and list it once: in `chat` when it talks (the
 * router sees it), else in `modules` (routes, start/stop). To add a channel, see src/channels/README.md.
 */
export async function createApp(opts: AppOptions): Promise<App> {
  const { config, logger } = opts;
  const role = opts.role ?? config.PROCESS_ROLE;
  const deps = createDeps({
    config,
    logger,
    redisTarget: opts.redisTarget,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const warning = await checkEvictionPolicy(deps.redis);
  if (warning) logger.warn(warning);
  await deps.roles.bootstrap(config.ADMINS);

  const qa = await createQa(deps, { watch: role !== 'worker' });
  // Feedback wraps the Q&A's question handler and /ask (curated answers first, 有用/没用 on every answer).
  const feedback = createFeedback(deps, { qa });
  const forms = createForms(deps, { qa: qa.service });
  const queues = await createQueues(deps);
  const calendar = createCalendar(deps, { queues });
  const admin = createAdmin(deps, {
    qa: qa.service,
    feedback: feedback.service,
    forms: forms.service,
    calendar: calendar.service,
  });
  const link = createLinkModule();

  // Chat modules; a later module's command or question handler takes over an earlier one's (feedback's over the Q&A's).
  const chat: Module[] = [qa.module, feedback.module, forms.module, link, calendar.module];
  const router: Router = createRouter(deps, [createBasicsModule(() => router.commands()), ...chat]);

  const io: ChannelIo = {
    router: role === 'worker' ? null : router,
    gone: async (conv) => {
      await calendar.service.unsubscribe(conv);
    },
  };
  const channels: ChannelRegistry = new Map();
  for (const ch of [
    createWebChannel(deps, io),
    createTelegramChannel(deps, io),
    createSlackChannel(deps, { ...io, forms: forms.service, calendar: calendar.service }),
    createFeishuChannel(deps, io),
    createDingTalkChannel(deps, io),
    createWecomChannel(deps, io),
  ]) {
    if (ch) channels.set(ch.name, ch);
  }

  const outbound = createOutbound(deps, {
    queues,
    processors: createProcessors({ deps, store: calendar.store, queues, forms: forms.service, channels }),
    runWorkers: role !== 'bot' && config.RUN_WORKERS,
  });

  // Start order: the chat modules, the admin console, the channels, then the outbound engine (its
  // workers deliver through the channels). Stop runs the other way round.
  const modules: Module[] = [...chat, admin.module, ...channels.values(), outbound];
  const server =
    role === 'worker'
      ? null
      : await buildServer(
          deps,
          modules.flatMap((m) => m.routes ?? []),
          { notReady: () => (qa.service.documents().length === 0 ? ['qa: the index is not loaded'] : []) },
        );

  let stopping: Promise<void> | null = null;
  return {
    deps,
    router,
    services: {
      qa: qa.service,
      feedback: feedback.service,
      forms: forms.service,
      calendar: calendar.service,
      staff: admin.staff,
    },
    channels,
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
      for (const m of modules) await m.start?.();
      return url;
    },
    stop() {
      stopping ??= (async () => {
        if (server) await server.close(); // waits for in-flight requests
        for (const m of [...modules].reverse()) {
          try {
            await m.stop?.();
          } catch (err) {
            logger.error({ err, module: m.name }, 'module failed to stop');
          }
        }
        await deps.redis.quit().catch(() => deps.redis.disconnect());
      })();
      return stopping;
    },
  };
}

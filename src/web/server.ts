import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Outbox } from '../channels/web/channel.js';
import type { Router } from '../core/router.js';
import type { Deps } from '../core/deps.js';
import { publicDir } from '../paths.js';
import { registerChatRoutes } from '../channels/web/chat.js';

/** A route module another capability adds to the one server (webhooks, admin pages, calendar.ics). */
export type RoutePlugin = (app: FastifyInstance) => void | Promise<void>;

export async function buildServer(
  deps: Deps,
  router: Router,
  outbox: Outbox,
  plugins: RoutePlugin[] = [],
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }, { level: 'warn' }) as unknown as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.TRUST_PROXY,
  });

  app.setErrorHandler((err: { statusCode?: number; message: string; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) {
      deps.metrics.errors.inc({ channel: 'http', where: req.routeOptions.url ?? 'unknown' });
      deps.logger.error({ err, url: req.url }, 'request failed');
    }
    const message =
      status === 500 ? '服务器内部错误，请稍后再试 / internal error, please try again' : `请求无效 / bad request: ${err.message}`;
    void reply.code(status).send({ error: err.code ?? (status === 500 ? 'internal' : 'bad_request'), message });
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      const pong = await Promise.race([
        deps.redis.ping(),
        new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1000)),
      ]);
      return { status: 'ok', redis: pong === 'PONG' ? 'ok' : pong };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', redis: String((err as Error).message) });
    }
  });

  app.get('/metrics', async (_req, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });

  const page = readFileSync(path.join(publicDir, 'index.html'), 'utf8');
  app.get('/', async (_req, reply) => {
    if (!deps.config.webChatEnabled) return reply.code(404).send('web chat is off / 网页聊天未启用');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  });

  registerChatRoutes(app, deps, router, outbox);
  for (const p of plugins) await p(app);
  return app;
}

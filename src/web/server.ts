import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../core/deps.js';
import type { RoutePlugin } from '../core/module.js';

/** The one HTTP server: health, metrics, and every module's routes (web chat, webhooks, admin, calendar.ics). */
export async function buildServer(deps: Deps, plugins: RoutePlugin[] = []): Promise<FastifyInstance> {
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

  for (const p of plugins) await p(app);
  return app;
}

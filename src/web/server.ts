import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../core/deps.js';
import type { RoutePlugin } from '../core/module.js';

/** `Host` without its port, lower case (`[::1]:3000` → `[::1]`). */
export function hostName(host: string | undefined): string {
  const h = (host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0] ?? '';
}

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

  // DNS rebinding: a page on another name that resolves to this server must not reach it. Health and
  // metrics answer any name (probes and scrapers use addresses).
  const allowed = new Set(deps.config.allowedHosts);
  if (deps.config.TELEGRAM_WEBHOOK_URL) allowed.add(new URL(deps.config.TELEGRAM_WEBHOOK_URL).hostname.toLowerCase());
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (path === '/healthz' || path === '/metrics') return;
    const name = hostName(req.host);
    if (!allowed.has(name)) {
      return reply.code(421).send({
        error: 'unknown_host',
        message: `未配置的主机名（请设置 PUBLIC_URL 或 ALLOWED_HOSTS）/ this host name is not configured: set PUBLIC_URL or ALLOWED_HOSTS`,
      });
    }
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

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../core/deps.js';
import type { RoutePlugin } from '../core/module.js';

/** `Host` without its port, lower case (`[::1]:3000` → `[::1]`). */
export function hostName(host: string | undefined): string {
  const h = (host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0] ?? '';
}

export interface ServerOptions {
  /** Readiness beyond Redis: the reasons this process cannot serve yet (e.g. the Q&A index is not loaded). */
  notReady?: () => string[];
}

const PING_TIMEOUT_MS = 1000;

async function pingRedis(deps: Deps): Promise<string> {
  const pong = await Promise.race([
    deps.redis.ping(),
    new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), PING_TIMEOUT_MS)),
  ]);
  return pong === 'PONG' ? 'ok' : String(pong);
}

/** The one HTTP server: health, readiness, metrics, and every module's routes (web chat, webhooks, admin, calendar.ics). */
export async function buildServer(
  deps: Deps,
  plugins: RoutePlugin[] = [],
  opts: ServerOptions = {},
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

  // DNS rebinding: a page on another name that resolves to this server must not reach it. Health and
  // metrics answer any name (probes and scrapers use addresses).
  const allowed = new Set(deps.config.allowedHosts);
  if (deps.config.TELEGRAM_WEBHOOK_URL) allowed.add(new URL(deps.config.TELEGRAM_WEBHOOK_URL).hostname.toLowerCase());
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (path === '/healthz' || path === '/readyz' || path === '/metrics') return;
    const name = hostName(req.host);
    if (!allowed.has(name)) {
      return reply.code(421).send({
        error: 'unknown_host',
        message: `未配置的主机名（请设置 PUBLIC_URL 或 ALLOWED_HOSTS）/ this host name is not configured: set PUBLIC_URL or ALLOWED_HOSTS`,
      });
    }
  });

  // Health: 200 while this process and its Redis answer, 503 while Redis is away (the process keeps
  // answering questions from its in-memory index then: see README "When Redis is away").
  app.get('/healthz', async (_req, reply) => {
    try {
      return { status: 'ok', redis: await pingRedis(deps) };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', redis: String((err as Error).message) });
    }
  });

  // Readiness, for orchestrators and load balancers: 200 only when Redis answers and every module
  // is loaded; 503 with the reasons otherwise. The process stays alive either way.
  app.get('/readyz', async (_req, reply) => {
    const reasons = [...(opts.notReady?.() ?? [])];
    let redis = 'ok';
    try {
      redis = await pingRedis(deps);
      if (redis !== 'ok') reasons.push(`redis: ${redis}`);
    } catch (err) {
      redis = String((err as Error).message);
      reasons.push(`redis: ${redis}`);
    }
    if (reasons.length > 0) return reply.code(503).send({ status: 'not_ready', redis, reasons });
    return { status: 'ready', redis };
  });

  app.get('/metrics', async (_req, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });

  for (const p of plugins) await p(app);
  return app;
}

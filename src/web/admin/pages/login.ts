import type { FastifyInstance } from 'fastify';
import { type AdminEnv, SESSION_COOKIE, cookieOptions, liveSession, page, sendPage } from '../context.js';
import { html, view } from '../html.js';
import { type CtxOf, refuseCsrf, safeNext } from '../flow.js';
import { SESSION_TTL_S, loginToken, loginTokenMatches, newLoginNonce } from '../session.js';

/** GET/POST /admin/login and POST /admin/logout. */
export function registerLogin(scope: FastifyInstance, env: AdminEnv, ctxOf: CtxOf, secret: string): void {
  const form = async (
    req: Parameters<CtxOf>[0],
    reply: Parameters<typeof sendPage>[0],
    opts: { error?: string; status?: number; name?: string } = {},
  ) => {
    const ctx = ctxOf(req);
    // Stateless CSRF: a fresh nonce in the cookie, its HMAC in the form; nothing is stored.
    const nonce = newLoginNonce();
    reply.setCookie(SESSION_COOKIE, nonce, cookieOptions(env, 3600));
    const next = safeNext(
      (req.query as Record<string, unknown>)['next'] ?? (req.body as Record<string, unknown> | undefined)?.['next'],
    );
    const body = view(
      'login',
      {
        csrf: loginToken(secret, nonce),
        next,
        name: opts.name ?? '',
        error: opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : '',
      },
      ctx.t,
    );
    return sendPage(reply, page(ctx, null, ctx.t('admin.login.title'), body), opts.status ?? 200);
  };

  scope.get('/login', { config: { public: true } }, async (req, reply) => {
    if (await liveSession(env, req.cookies[SESSION_COOKIE])) return reply.redirect('/admin');
    return form(req, reply);
  });

  scope.post(
    '/login',
    { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!loginTokenMatches(secret, req.cookies[SESSION_COOKIE], body['_csrf'])) return refuseCsrf(ctx, reply);
      const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
      const password = typeof body['password'] === 'string' ? body['password'] : '';
      if (!name || !password) {
        return form(req, reply, { error: ctx.t('admin.login.missing'), status: 400, name });
      }
      // Counted before the (slow) password check, per IP and per account.
      const wait = await env.limiter.attempt(req.ip, name);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        env.deps.logger.warn({ ip: req.ip, name }, 'admin: sign-in rate-limited');
        return form(req, reply, { error: ctx.t('admin.login.too_many', { minutes }), status: 429, name });
      }
      const account = await env.staff.verify(name, password);
      if (!account) {
        env.deps.logger.warn({ ip: req.ip, name }, 'admin: failed sign-in');
        return form(req, reply, { error: ctx.t('admin.login.failed'), status: 401, name });
      }
      await env.limiter.reset(req.ip, name);
      const s = await env.sessions.signIn(account.name, account.level, account.stamp);
      reply.setCookie(SESSION_COOKIE, s.sid, cookieOptions(env, SESSION_TTL_S));
      env.deps.logger.info({ user: account.name }, 'admin: signed in');
      return reply.code(303).redirect(safeNext(body['next']));
    },
  );

  // Behind the auth + CSRF hook like every other POST.
  scope.post('/logout', async (req, reply) => {
    const ctx = ctxOf(req);
    if (ctx.session) await env.sessions.destroy(ctx.session.sid);
    reply.clearCookie(SESSION_COOKIE, { path: '/admin' });
    return reply.code(303).redirect('/admin/login');
  });
}

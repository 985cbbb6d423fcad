import { readFileSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { projectRoot } from '../../paths.js';
import { cookieSecret } from '../../store/secret.js';
import {
  type AdminCtx,
  type AdminEnv,
  LANG_COOKIE,
  SESSION_COOKIE,
  cookieOptions,
  liveSession,
  makeCtx,
  sendPage,
} from './context.js';
import { type CtxOf, refuseCsrf } from './flow.js';
import { view } from './html.js';
import { registerLogin } from './pages/login.js';
import { registerCalendar } from './pages/calendar.js';
import { registerKnowledge } from './pages/knowledge.js';
import { registerOverview } from './pages/overview.js';
import { registerPending } from './pages/pending.js';
import { registerPeople } from './pages/people.js';
import { registerReports } from './pages/reports.js';
import { csrfMatches } from './session.js';

const STATIC: Record<string, string> = {
  'admin.css': 'text/css',
  'admin-pages.css': 'text/css',
  'admin.js': 'text/javascript',
};
const publicDir = path.join(projectRoot, 'src', 'web', 'admin', 'public');

/** The whole console, as one encapsulated Fastify scope under /admin. */
export function adminRoutes(env: AdminEnv) {
  return async (app: FastifyInstance): Promise<void> => {
    const secret = await cookieSecret(env.deps);
    await app.register(
      async (scope) => {
        await scope.register(cookie);
        await scope.register(formbody, { bodyLimit: 2 * 1024 * 1024 });
        await scope.register(rateLimit, { global: false });

        const ctxs = new WeakMap<FastifyRequest, AdminCtx>();
        const ctxOf: CtxOf = (req) => {
          let c = ctxs.get(req);
          if (!c) {
            c = makeCtx(env, req, null);
            ctxs.set(req, c);
          }
          return c;
        };

        scope.addHook('onRequest', async (req, reply) => {
          const q = (req.query as Record<string, unknown> | undefined)?.['lang'];
          if (q === 'en' || q === 'zh') reply.setCookie(LANG_COOKIE, q, cookieOptions(env, 365 * 24 * 3600));
        });

        // Every route is behind sign-in unless it says `config: { public: true }`; every POST carries the CSRF token.
        scope.addHook('preHandler', async (req, reply) => {
          const cfg = req.routeOptions.config as { public?: boolean };
          if (cfg.public) return;
          const session = await liveSession(env, req.cookies[SESSION_COOKIE]);
          if (!session) {
            const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
            return reply.code(req.method === 'GET' ? 302 : 303).redirect(`/admin/login${next}`);
          }
          const ctx = makeCtx(env, req, session);
          ctxs.set(req, ctx);
          if (req.method === 'POST') {
            const body = req.body as Record<string, unknown> | undefined;
            const submitted = body?.['_csrf'] ?? req.headers['x-csrf-token'];
            if (!csrfMatches(session, submitted)) return refuseCsrf(ctx, reply);
          }
          return undefined;
        });

        scope.get('/static/:file', { config: { public: true } }, async (req, reply) => {
          const file = (req.params as { file: string }).file;
          const type = Object.hasOwn(STATIC, file) ? STATIC[file] : undefined;
          if (!type) return reply.code(404).send('not found');
          return reply
            .type(`${type}; charset=utf-8`)
            .header('cache-control', 'public, max-age=300')
            .send(readFileSync(path.join(publicDir, file), 'utf8'));
        });

        registerLogin(scope, env, ctxOf, secret);
        registerOverview(scope, ctxOf);
        registerReports(scope, ctxOf);
        registerCalendar(scope, ctxOf);
        registerKnowledge(scope, ctxOf);
        registerPending(scope, ctxOf);
        registerPeople(scope, ctxOf);

        scope.setNotFoundHandler(async (req, reply) => {
          const ctx = ctxOf(req);
          return sendPage(reply, view('message', { text: ctx.t('admin.not_found') }, ctx.t).value, 404);
        });
      },
      { prefix: '/admin' },
    );
  };
}

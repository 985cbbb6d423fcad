import { readFileSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { answerView } from '../../core/answer-view.js';
import type { Deps } from '../../core/deps.js';
import { translate } from '../../core/i18n.js';
import { rateWait } from '../../core/rate.js';
import type { Router } from '../../core/router.js';
import { type Incoming, VISITOR_PREFIX } from '../../core/types.js';
import { publicDir } from '../../paths.js';
import type { Outbox } from './channel.js';
import { bearerMatches, cookieSecret, ensureVisitor, visitorOf } from './visitor.js';

const id = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[^:\s]+$/, 'no spaces or colons')
  .refine((s) => !s.startsWith(VISITOR_PREFIX), `ids starting with ${VISITOR_PREFIX} are issued by the server`);

const saidFields = {
  text: z.string().max(100_000).optional(),
  action: z.string().max(256).optional(),
  userName: z.string().max(100).optional(),
  lang: z.enum(['zh', 'en']).optional(),
};

/** The integration API: a trusted server-side caller names the chat and the user. */
const integrationBody = z
  .object({
    chatId: id,
    userId: id,
    ...saidFields,
    isGroup: z.boolean().optional(),
    mentioned: z.boolean().optional(),
    threadId: id.optional(),
  })
  .strict();

/** The web chat page: the browser is who its cookie says, in its own private chat. */
const visitorBody = z.object(saidFields).strict();

const updatesQuery = z.object({ chatId: id, after: z.coerce.number().int().min(0).default(0) });
const visitorUpdatesQuery = z.object({ after: z.coerce.number().int().min(0).default(0) }).strict();

function badRequest(issues: z.core.$ZodIssue[]): { error: string; message: string } {
  const detail = issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return { error: 'bad_request', message: `${translate('zh', 'error.bad_request', { detail })} / Bad request: ${detail}` };
}

const isObject = (b: unknown): b is Record<string, unknown> => typeof b === 'object' && b !== null && !Array.isArray(b);

/**
 * The chat page (GET /), POST /api/chat and GET /api/chat/updates. Two callers:
 * - the page: no chatId/userId; the server's signed HttpOnly cookie is the identity, the chat is
 *   the visitor's own, its outbox readable only with that cookie. Works on any HOST, no token.
 * - the integration API (chatId + userId): open on loopback without WEB_CHAT_TOKEN, else it needs
 *   `Authorization: Bearer WEB_CHAT_TOKEN` (a server credential, never given to a browser).
 */
export async function registerChatRoutes(app: FastifyInstance, deps: Deps, router: Router, outbox: Outbox) {
  const page = readFileSync(path.join(publicDir, 'index.html'), 'utf8');
  const secret = await cookieSecret(deps);
  const secure = deps.config.PUBLIC_URL?.startsWith('https:') ?? false;
  const token = deps.config.WEB_CHAT_TOKEN;

  /** Refuses an integration call that is not allowed here (reply sent), else null. */
  function refuseIntegration(req: FastifyRequest, reply: FastifyReply): FastifyReply | null {
    if (!deps.config.webChatEnabled) {
      return reply.code(403).send({
        error: 'integration_disabled',
        message:
          '集成接口未启用（公网地址需设置 WEB_CHAT_TOKEN）；网页聊天页面不需要令牌 / the integration API is off on a public HOST: set WEB_CHAT_TOKEN (the chat page needs none)',
      });
    }
    if (token && !bearerMatches(req.headers.authorization, token)) {
      return reply.code(401).send({ error: 'unauthorized', message: '需要有效的令牌 / a valid Bearer token is required' });
    }
    return null;
  }

  async function answer(inc: Incoming) {
    const replies = await router.handle(inc);
    // A Q&A answer also carries its laid-out view (lead, source, quote once, related; labels in its language).
    return { replies: replies.map((r) => (r.answer ? { ...r, view: answerView(r) } : r)) };
  }

  function said(inc: Incoming, b: z.infer<typeof visitorBody>): Incoming {
    if (b.text !== undefined) inc.text = b.text;
    if (b.action !== undefined) inc.action = b.action;
    if (b.userName !== undefined) inc.userName = b.userName;
    if (b.lang !== undefined) inc.lang = b.lang;
    return inc;
  }

  await app.register(async (scope) => {
    await scope.register(cookie, { secret });

    scope.get('/', async (req, reply) => {
      ensureVisitor(req, reply, secure);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
    });

    scope.post('/api/chat', async (req, reply) => {
      const body = req.body ?? {};
      if (isObject(body) && ('userId' in body || 'chatId' in body)) {
        const refused = refuseIntegration(req, reply);
        if (refused) return refused;
        const parsed = integrationBody.safeParse(body);
        if (!parsed.success) return reply.code(400).send(badRequest(parsed.error.issues));
        const b = parsed.data;
        const inc: Incoming = {
          channel: 'web',
          chatId: b.chatId,
          userId: b.userId,
          isGroup: b.isGroup ?? false,
          mentioned: b.mentioned ?? true,
        };
        if (b.threadId !== undefined) inc.threadId = b.threadId;
        return answer(said(inc, b));
      }
      const parsed = visitorBody.safeParse(body);
      if (!parsed.success) return reply.code(400).send(badRequest(parsed.error.issues));
      // Strangers on the public page: per IP here, per identity in the router.
      const wait = await rateWait(deps, `ip:${req.ip}`, deps.config.CHAT_RATE_PER_IP_PER_MINUTE);
      if (wait > 0) {
        const text = translate(parsed.data.lang ?? 'zh', 'error.rate_limited', { seconds: wait });
        const message = `${translate('zh', 'error.rate_limited', { seconds: wait })} / ${translate('en', 'error.rate_limited', { seconds: wait })}`;
        return reply.code(429).header('retry-after', String(wait)).send({ error: 'rate_limited', message, replies: [{ text }] });
      }
      const visitor = ensureVisitor(req, reply, secure);
      return answer(said({ channel: 'web', chatId: visitor, userId: visitor, isGroup: false, mentioned: true }, parsed.data));
    });

    scope.get('/api/chat/updates', async (req, reply) => {
      const q = isObject(req.query) ? req.query : {};
      const visitor = visitorOf(req);
      if ('chatId' in q || !visitor) {
        const refused = refuseIntegration(req, reply);
        if (refused) return refused;
        const parsed = updatesQuery.safeParse(q);
        if (!parsed.success) return reply.code(400).send(badRequest(parsed.error.issues));
        return { messages: await outbox.after(parsed.data.chatId, parsed.data.after) };
      }
      const parsed = visitorUpdatesQuery.safeParse(q);
      if (!parsed.success) return reply.code(400).send(badRequest(parsed.error.issues));
      return { messages: await outbox.after(visitor, parsed.data.after) };
    });
  });
}

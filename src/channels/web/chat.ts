import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { answerView } from '../../core/answer-view.js';
import type { Deps } from '../../core/deps.js';
import { translate } from '../../core/i18n.js';
import type { Router } from '../../core/router.js';
import type { Incoming } from '../../core/types.js';
import { publicDir } from '../../paths.js';
import type { Outbox } from './channel.js';

const id = z.string().trim().min(1).max(128).regex(/^[^:\s]+$/, 'no spaces or colons');

const chatBody = z
  .object({
    chatId: id,
    userId: id,
    text: z.string().max(100_000).optional(),
    action: z.string().max(256).optional(),
    userName: z.string().max(100).optional(),
    isGroup: z.boolean().optional(),
    mentioned: z.boolean().optional(),
    threadId: id.optional(),
    lang: z.enum(['zh', 'en']).optional(),
  })
  .strict();

const updatesQuery = z.object({ chatId: id, after: z.coerce.number().int().min(0).default(0) });

function badRequest(issues: z.core.$ZodIssue[]): { error: string; message: string } {
  const detail = issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return { error: 'bad_request', message: `${translate('zh', 'error.bad_request', { detail })} / Bad request: ${detail}` };
}

/** The chat page (GET /), POST /api/chat and GET /api/chat/updates: the web chat's wire format. */
export function registerChatRoutes(app: FastifyInstance, deps: Deps, router: Router, outbox: Outbox): void {
  const page = readFileSync(path.join(publicDir, 'index.html'), 'utf8');
  app.get('/', async (_req, reply) => {
    if (!deps.config.webChatEnabled) return reply.code(404).send('web chat is off / 网页聊天未启用');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  });

  const token = deps.config.WEB_CHAT_TOKEN;
  const guard = async (req: { headers: Record<string, unknown> }, reply: { code: (n: number) => { send: (b: unknown) => unknown } }) => {
    if (!deps.config.webChatEnabled) return reply.code(403).send({ error: 'web_chat_disabled', message: '网页聊天未启用（请设置 WEB_CHAT_TOKEN）/ web chat is off: set WEB_CHAT_TOKEN' });
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      return reply.code(401).send({ error: 'unauthorized', message: '需要有效的令牌 / a valid Bearer token is required' });
    }
    return undefined;
  };

  app.post('/api/chat', { preHandler: guard }, async (req, reply) => {
    const parsed = chatBody.safeParse(req.body ?? {});
    if (!parsed.success) return reply.code(400).send(badRequest(parsed.error.issues));
    const b = parsed.data;
    const inc: Incoming = {
      channel: 'web',
      chatId: b.chatId,
      userId: b.userId,
      isGroup: b.isGroup ?? false,
      mentioned: b.mentioned ?? true,
    };
    if (b.text !== undefined) inc.text = b.text;
    if (b.action !== undefined) inc.action = b.action;
    if (b.userName !== undefined) inc.userName = b.userName;
    if (b.threadId !== undefined) inc.threadId = b.threadId;
    if (b.lang !== undefined) inc.lang = b.lang;
    const replies = await router.handle(inc);
    // A Q&A answer also carries its laid-out view (lead, source, quote once, related; labels in its language).
    return { replies: replies.map((r) => (r.answer ? { ...r, view: answerView(r) } : r)) };
  });

  app.get('/api/chat/updates', { preHandler: guard }, async (req, reply) => {
    const parsed = updatesQuery.safeParse(req.query);
    if (!parsed.success) return reply.code(400).send(badRequest(parsed.error.issues));
    return { messages: await outbox.after(parsed.data.chatId, parsed.data.after) };
  });
}

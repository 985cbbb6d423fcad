import type { FastifyInstance } from 'fastify';
import { page, sendPage, unavailable } from '../context.js';
import type { CtxOf } from '../flow.js';

export function registerKnowledge(scope: FastifyInstance, ctxOf: CtxOf): void {
  scope.get('/knowledge', async (req, reply) => {
    const ctx = ctxOf(req);
    return sendPage(reply, page(ctx, 'knowledge', ctx.t('admin.nav.knowledge'), unavailable(ctx, 'knowledge')));
  });
}

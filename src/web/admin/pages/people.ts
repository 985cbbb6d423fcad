import type { FastifyInstance } from 'fastify';
import { page, sendPage, unavailable } from '../context.js';
import type { CtxOf } from '../flow.js';

export function registerPeople(scope: FastifyInstance, ctxOf: CtxOf): void {
  scope.get('/people', async (req, reply) => {
    const ctx = ctxOf(req);
    return sendPage(reply, page(ctx, 'people', ctx.t('admin.nav.people'), unavailable(ctx, 'people')));
  });
}

import type { FastifyInstance } from 'fastify';
import { page, sendPage, unavailable } from '../context.js';
import type { CtxOf } from '../flow.js';

export function registerReports(scope: FastifyInstance, ctxOf: CtxOf): void {
  scope.get('/reports', async (req, reply) => {
    const ctx = ctxOf(req);
    return sendPage(reply, page(ctx, 'reports', ctx.t('admin.nav.reports'), unavailable(ctx, 'reports')));
  });
}

import type { FastifyInstance } from 'fastify';
import { page, sendPage, unavailable } from '../context.js';
import type { CtxOf } from '../flow.js';

export function registerCalendar(scope: FastifyInstance, ctxOf: CtxOf): void {
  scope.get('/calendar', async (req, reply) => {
    const ctx = ctxOf(req);
    return sendPage(reply, page(ctx, 'calendar', ctx.t('admin.nav.calendar'), unavailable(ctx, 'calendar')));
  });
}

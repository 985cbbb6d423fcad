import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../core/deps.js';
import type { RoutePlugin } from '../core/module.js';
import { toCsv, toXlsx } from './export.js';
import { MONTH_RE } from './schema.js';
import type { FormsService } from './service.js';

const query = z.object({
  month: z.string().regex(MONTH_RE, 'YYYY-MM'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
});

function tokenOk(header: unknown, token: string): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(`Bearer ${token}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /api/admin/export?month=2026-10&format=csv|xlsx, Bearer ADMIN_API_TOKEN; 403 when no token is configured. */
export function exportRoute(deps: Deps, service: FormsService): RoutePlugin {
  return (app: FastifyInstance) => {
    app.get('/api/admin/export', async (req, reply) => {
      const token = deps.config.ADMIN_API_TOKEN;
      if (!token) {
        return reply.code(403).send({
          error: 'admin_api_disabled',
          message: '管理接口未启用（请设置 ADMIN_API_TOKEN）/ admin API is off: set ADMIN_API_TOKEN',
        });
      }
      if (!tokenOk(req.headers.authorization, token)) {
        return reply
          .code(401)
          .send({ error: 'unauthorized', message: '需要有效的令牌 / a valid Bearer token is required' });
      }
      const q = query.safeParse(req.query);
      if (!q.success) {
        return reply.code(400).send({
          error: 'bad_request',
          message:
            '参数应为 month=YYYY-MM（例如 2026-10）和 format=csv 或 xlsx / expected month=YYYY-MM and format=csv|xlsx',
        });
      }
      const { month, format } = q.data;
      const table = await service.exportRows(month);
      const name = `report-${month}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await toXlsx(table, month));
      }
      return reply.type('text/csv; charset=utf-8').send(toCsv(table, true));
    });
  };
}

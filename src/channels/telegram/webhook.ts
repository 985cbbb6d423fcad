import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'telegraf/types';
import type { RoutePlugin } from '../../core/module.js';

export const WEBHOOK_PATH = '/telegram/webhook';

/** The secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token: the configured one, else one derived from the token. */
export function webhookSecret(configured: string | undefined, botToken: string): string {
  return configured ?? createHash('sha256').update(`ud-telegram-webhook:${botToken}`).digest('hex');
}

function sameSecret(got: unknown, want: string): boolean {
  if (typeof got !== 'string') return false;
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /telegram/webhook: check the secret header (wrong or missing → 403, nothing processed),
 * answer 200 at once and handle the update after the response.
 */
export function telegramWebhookRoute(secret: string, handle: (u: Update) => void): RoutePlugin {
  return (app: FastifyInstance) => {
    app.post(WEBHOOK_PATH, async (req, reply) => {
      if (!sameSecret(req.headers['x-telegram-bot-api-secret-token'], secret)) {
        return reply.code(403).send({ error: 'forbidden', message: '密钥不正确 / wrong or missing secret token' });
      }
      const body = req.body as { update_id?: unknown } | null;
      if (!body || typeof body !== 'object' || typeof body.update_id !== 'number') {
        return reply.code(400).send({
          error: 'bad_request',
          message: '需要 Telegram Update 对象 / expected a Telegram Update with update_id',
        });
      }
      handle(body as Update);
      return { ok: true };
    });
  };
}

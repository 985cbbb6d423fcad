import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../core/module.js';
import type { Logger } from '../../logger.js';
import type { RobotMessage } from './parse.js';

export const EVENTS_PATH = '/dingtalk/events';
/** A callback whose timestamp is more than this far from our clock is refused (DingTalk: 1 hour). */
export const MAX_SKEW_MS = 3600_000;

/** sign = base64(HMAC-SHA256(key = appSecret, timestamp + "\n" + appSecret)), timestamp in ms. */
export function dingtalkSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface WebhookOptions {
  appSecret: string;
  logger: Logger;
  /** Called after the ack is on its way; must not throw. */
  onMessage(msg: RobotMessage): void;
  now?: () => number;
}

/**
 * POST /dingtalk/events, the robot's HTTP callback ("消息接收模式: HTTP"): the `timestamp` and
 * `sign` headers are checked first (constant time, a 1 h window), a forged or stale request is
 * refused with nothing done; a good one is answered 200 at once and worked on afterwards, so the
 * ack never waits for the answer (DingTalk pushes un-acked callbacks again).
 */
export function dingtalkWebhookRoute(opts: WebhookOptions): RoutePlugin {
  const { appSecret, logger, onMessage } = opts;
  const now = opts.now ?? (() => Date.now());
  const refuse = (reply: FastifyReply, code: number, why: string) => {
    logger.warn({ why }, 'dingtalk callback refused');
    return reply.code(code).send({ error: 'refused', message: `请求未通过校验 / request refused: ${why}` });
  };

  async function handle(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const h = (n: string) => {
      const v = req.headers[n];
      return typeof v === 'string' ? v : '';
    };
    const ts = h('timestamp');
    const sign = h('sign');
    if (!/^\d{10,16}$/.test(ts) || !sign) return refuse(reply, 401, 'missing timestamp or sign');
    if (!same(sign, dingtalkSign(ts, appSecret))) return refuse(reply, 401, 'bad sign');
    const ms = ts.length <= 10 ? Number(ts) * 1000 : Number(ts);
    if (!(Math.abs(now() - ms) <= MAX_SKEW_MS)) return refuse(reply, 401, 'stale timestamp');
    let body: unknown;
    try {
      body = typeof req.body === 'string' ? JSON.parse(req.body) : req.body;
    } catch {
      return reply.code(400).send({ error: 'bad_request', message: '需要 JSON 请求体 / expected a JSON body' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return reply.code(400).send({ error: 'bad_request', message: '需要 JSON 对象 / expected a JSON object' });
    // Ack first: the work starts on the next turn of the event loop, after the response is written.
    setImmediate(() => onMessage(body as RobotMessage));
    return reply.code(200).send({});
  }

  return async (server) => {
    await server.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, b, done) => done(null, b));
      scope.post(EVENTS_PATH, handle);
    });
  };
}

import { createHash } from 'node:crypto';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { firstTime } from '../../core/dedupe.js';
import type { Deps } from '../../core/deps.js';
import type { RoutePlugin } from '../../core/module.js';

export const EVENTS_PATH = '/slack/events';
/** Slack gives up after 3 s; answer a little before that even if a listener forgot to ack. */
const ACK_DEADLINE_MS = 2500;
/** Slack retries an event for about an hour. */
const DEDUPE_TTL_S = 2 * 3600;
/** Longer than Slack's 5-minute signature window. */
const REPLAY_TTL_S = 6 * 60;

type Body = Record<string, unknown>;

/** Slash commands and interactivity arrive as forms (interactivity in a `payload` field); events as JSON. */
export function parseSlackBody(raw: string, contentType: string | undefined): Body {
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) return JSON.parse(payload) as Body;
    return Object.fromEntries(form);
  }
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('body is not an object');
  return parsed as Body;
}

/**
 * Bolt's Receiver, fed by a route on the main Fastify server: checks the signature and age (5 minutes)
 * on the raw body, drops Slack's retries of an event already taken, answers as soon as Bolt acks
 * (events at once, commands and buttons when their listener acks) and lets the slow work run after.
 */
export class FastifyReceiver implements Receiver {
  private app: App | null = null;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: Deps,
    private readonly signingSecret: string,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  /** Wait for work still running after its ack (LLM answers, replies). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  route(): RoutePlugin {
    return async (server: FastifyInstance) => {
      await server.register(async (scope) => {
        // The signature covers the exact bytes, so this route keeps the body as a string.
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
        scope.post(EVENTS_PATH, (req, reply) => this.handle(req, reply));
      });
    };
  }

  private async handle(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const { logger, redis, keys } = this.deps;
    const raw = typeof req.body === 'string' ? req.body : '';
    const header = (name: string): string => {
      const v = req.headers[name];
      return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    };
    try {
      verifySlackRequest({
        signingSecret: this.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': header('x-slack-signature'),
          'x-slack-request-timestamp': Number(header('x-slack-request-timestamp')),
        },
        nowMilliseconds: Date.now(),
      });
    } catch (err) {
      logger.warn({ reason: (err as Error).message, ip: req.ip }, 'slack request refused');
      return reply
        .code(401)
        .send({ error: 'invalid_signature', message: '签名无效或请求已过期 / invalid or stale Slack signature' });
    }

    let body: Body;
    try {
      body = parseSlackBody(raw, req.headers['content-type']);
    } catch {
      return reply.code(400).send({ error: 'bad_request', message: '无法解析请求 / unreadable Slack payload' });
    }
    if (body['type'] === 'url_verification') return { challenge: body['challenge'] };
    if (body['ssl_check'] !== undefined) return reply.code(200).send();

    const eventId = body['event_id'];
    if (typeof eventId === 'string' && !(await firstTime(redis, keys.dedupe('slack', eventId), DEDUPE_TTL_S))) {
      logger.debug({ eventId, retry: header('x-slack-retry-num') }, 'slack retry of a known event ignored');
      this.deps.metrics.handled.inc({ channel: 'slack', outcome: 'duplicate' });
      return reply.code(200).header('x-slack-no-retry', '1').send();
    }
    // Slash commands and button payloads carry no event id: a replay of the same signed request
    // (same timestamp, same body) inside the 5-minute signature window is dropped.
    if (typeof eventId !== 'string') {
      const hash = createHash('sha256').update(raw).digest('hex').slice(0, 32);
      const mark = keys.dedupe('slack-request', `${header('x-slack-request-timestamp')}:${hash}`);
      if (!(await firstTime(redis, mark, REPLAY_TTL_S))) {
        logger.warn({ ip: req.ip }, 'slack request replay ignored');
        this.deps.metrics.handled.inc({ channel: 'slack', outcome: 'duplicate' });
        return reply.code(200).send();
      }
    }
    if (!this.app) return reply.code(503).send({ error: 'not_ready', message: 'Slack app not ready' });

    let settle: (v: unknown) => void = () => {};
    const acked = new Promise<unknown>((r) => {
      settle = r;
    });
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => settle(response),
    };
    const retryNum = Number(header('x-slack-retry-num'));
    if (Number.isInteger(retryNum) && retryNum > 0) event.retryNum = retryNum;
    const reason = header('x-slack-retry-reason');
    if (reason) event.retryReason = reason;

    const work: Promise<unknown> = this.app
      .processEvent(event)
      .catch((err: unknown) => logger.error({ err, eventId }, 'slack event failed'))
      .finally(() => {
        this.inflight.delete(work);
        settle(undefined);
      });
    this.inflight.add(work);
    const timer = setTimeout(() => settle(undefined), ACK_DEADLINE_MS);
    const response = await acked;
    clearTimeout(timer);
    if (response === undefined || response === '') return reply.code(200).send();
    if (typeof response === 'string') return reply.code(200).type('text/plain; charset=utf-8').send(response);
    return reply.code(200).send(response);
  }
}

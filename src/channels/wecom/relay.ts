import { randomBytes } from 'node:crypto';
import type { SendMsgBody, WSClient } from '@wecom/aibot-node-sdk';
import type { Redis } from 'ioredis';
import type { Deps } from '../../core/deps.js';
import { ChannelError } from '../../errors.js';
import { createRedis } from '../../store/redis.js';

/**
 * WeCom keeps one live connection per bot and pushes go over it, so a process without it (a worker
 * process, a replica that lost the lease) hands its pushes to the holder: RPUSH a request on
 * keys.wecomRelay(), the holder BLPOPs it, sends with aibot_send_msg and PUBLISHes the ack (errcode)
 * to the requester's channel. The requester gets the same success or errcode as the holder did, so
 * the delivery worker's rate-limit / gone / retry handling is unchanged.
 */
export interface Relay {
  /** Push through the holder; rejects like the SDK (an errcode object or an Error). */
  send(chatid: string, body: SendMsgBody): Promise<void>;
  /** Holder side: take requests and send them with this client, until stopServing(). */
  serve(client: () => WSClient | null): void;
  stopServing(): Promise<void>;
  close(): Promise<void>;
}

/** How long a requester waits for the holder's answer (the SDK itself waits 5 s for WeCom's ack). */
export const RELAY_WAIT_MS = 10_000;
/** The holder drops a request older than this: its requester is about to give up and retry. */
const RELAY_STALE_MS = 8_000;
/** No holder at all (between one dying and the next taking over): the delivery waits this long. */
export const NO_HOLDER_WAIT_MS = 2000;

interface Request {
  id: string;
  reply: string;
  chatid: string;
  body: SendMsgBody;
  until: number;
}
interface Answer {
  id: string;
  errcode?: number;
  errmsg?: string;
  error?: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

export function createRelay(deps: Pick<Deps, 'redis' | 'keys' | 'logger' | 'redisTarget'>): Relay {
  const { redis, keys, logger } = deps;
  const replyChannel = keys.wecomRelayReply(`${process.pid}-${randomBytes(6).toString('hex')}`);
  const waiting = new Map<string, { resolve: () => void; reject: (e: unknown) => void; timer: NodeJS.Timeout }>();
  let sub: Redis | null = null;
  let subscribed: Promise<unknown> | null = null;

  function listen(): Promise<unknown> {
    if (subscribed) return subscribed;
    const s = createRedis(deps.redisTarget, 'subscriber');
    sub = s;
    s.on('error', (err) => logger.warn({ err: err.message }, 'wecom relay subscriber error'));
    s.on('message', (_channel: string, msg: string) => {
      let a: Answer;
      try {
        a = JSON.parse(msg) as Answer;
      } catch {
        return;
      }
      const w = waiting.get(a.id);
      if (!w) return;
      waiting.delete(a.id);
      clearTimeout(w.timer);
      if (typeof a.errcode === 'number') w.reject({ errcode: a.errcode, errmsg: a.errmsg ?? '' });
      else if (a.error) w.reject(new Error(`relayed: ${a.error}`));
      else w.resolve();
    });
    subscribed = s.subscribe(replyChannel);
    return subscribed;
  }

  let serving = false;
  let blocker: Redis | null = null;
  let loop: Promise<void> = Promise.resolve();

  async function handle(req: Request, client: () => WSClient | null): Promise<void> {
    if (Date.now() > req.until) return;
    let answer: Answer = { id: req.id };
    try {
      const c = client();
      if (!c?.isConnected) throw new Error('the long connection is down (reconnecting)');
      await c.sendMessage(req.chatid, req.body);
    } catch (err) {
      const r = rec(err);
      answer =
        typeof r['errcode'] === 'number'
          ? { id: req.id, errcode: r['errcode'], errmsg: String(r['errmsg'] ?? '') }
          : { id: req.id, error: err instanceof Error ? err.message : String(err) };
    }
    await redis.publish(req.reply, JSON.stringify(answer)).catch((err: unknown) => logger.warn({ err }, 'wecom relay answer failed'));
  }

  return {
    async send(chatid, body) {
      if (!(await redis.exists(keys.lease('wecom')))) {
        throw new ChannelError('wecom', 'no process holds the long connection yet', {
          kind: 'rate_limited',
          retryAfterMs: NO_HOLDER_WAIT_MS,
        });
      }
      await listen();
      const id = randomBytes(8).toString('hex');
      const answered = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error('relay: no answer from the process holding the long connection'));
        }, RELAY_WAIT_MS);
        waiting.set(id, { resolve, reject, timer });
      });
      const req: Request = { id, reply: replyChannel, chatid, body, until: Date.now() + RELAY_STALE_MS };
      await redis.rpush(keys.wecomRelay(), JSON.stringify(req));
      await answered;
    },
    serve(client) {
      if (serving) return;
      serving = true;
      const b = createRedis(deps.redisTarget, 'worker');
      b.on('error', (err) => logger.warn({ err: err.message }, 'wecom relay connection error'));
      blocker = b;
      loop = (async () => {
        while (serving) {
          let item: [string, string] | null = null;
          try {
            item = await b.blpop(keys.wecomRelay(), 1);
          } catch (err) {
            if (!serving) break;
            logger.warn({ err }, 'wecom relay: BLPOP failed');
            await new Promise((r) => setTimeout(r, 500));
            continue;
          }
          if (!item) continue;
          let req: Request;
          try {
            req = JSON.parse(item[1]) as Request;
          } catch {
            continue;
          }
          void handle(req, client);
        }
      })();
    },
    async stopServing() {
      if (!serving) return;
      serving = false;
      blocker?.disconnect();
      blocker = null;
      await loop;
    },
    async close() {
      await this.stopServing();
      for (const [id, w] of waiting) {
        clearTimeout(w.timer);
        w.reject(new Error('relay closed'));
        waiting.delete(id);
      }
      sub?.disconnect();
      sub = null;
      subscribed = null;
    },
  };
}

import { randomBytes } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import type { Deps } from '../core/deps.js';

/**
 * One holder at a time for a platform's long connection (Feishu WS, DingTalk Stream, WeCom aibot):
 * several replicas would otherwise each get a share of the events (Feishu) or kick each other off
 * (WeCom). A Redis key `SET NX PX` names the holder; it renews every third of the TTL; when the
 * holder dies its key expires and another replica takes over within one TTL.
 */
export interface Lease {
  start(): Promise<void>;
  /** Close the connection (if held) and give the lease back. */
  stop(): Promise<void>;
  held(): boolean;
}

export interface LeaseOptions {
  /** e.g. 'feishu'; the key is keys.lease(name). */
  name: string;
  ttlMs?: number;
  /** Open the connection (we now hold the lease). */
  connect(): Promise<void>;
  /** Close it (the lease was lost or we stop). */
  disconnect(): Promise<void>;
}

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export const DEFAULT_LEASE_TTL_MS = 15_000;

export function createLease(deps: Pick<Deps, 'redis' | 'keys' | 'logger'>, opts: LeaseOptions): Lease {
  const { redis, keys, logger } = deps;
  const key = keys.lease(opts.name);
  const ttl = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const token = `${process.pid}:${randomBytes(6).toString('hex')}`;
  let holding = false;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let tick: Promise<void> = Promise.resolve();

  async function once(): Promise<void> {
    let ok = false;
    try {
      ok = (await redis.eval(RENEW, 1, key, token, String(ttl))) === 1;
    } catch (err) {
      logger.warn({ err, lease: opts.name }, 'lease renewal failed');
    }
    if (!running) return;
    if (ok && !holding) {
      holding = true;
      logger.info({ lease: opts.name }, 'lease acquired; opening the long connection');
      await opts.connect().catch((err: unknown) => logger.error({ err, lease: opts.name }, 'connect failed'));
    } else if (!ok && holding) {
      holding = false;
      logger.warn({ lease: opts.name }, 'lease lost; closing the long connection');
      await opts.disconnect().catch((err: unknown) => logger.warn({ err, lease: opts.name }, 'disconnect failed'));
    }
  }

  const schedule = () => {
    timer = setTimeout(
      () => {
        tick = once().finally(() => {
          if (running) schedule();
        });
      },
      Math.max(50, Math.floor(ttl / 3)),
    );
    timer.unref();
  };

  return {
    async start() {
      running = true;
      tick = once();
      await tick;
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await tick.catch(() => {});
      if (holding) {
        holding = false;
        await opts.disconnect().catch((err: unknown) => logger.warn({ err, lease: opts.name }, 'disconnect failed'));
      }
      await redis.eval(RELEASE, 1, key, token).catch(() => {});
    },
    held: () => holding,
  };
}

/** union_desk_channel_reconnects_total{channel}: long-connection reconnects, on /metrics. */
export function reconnectCounter(registry: Registry): Counter<'channel'> {
  const name = 'union_desk_channel_reconnects_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'channel'>;
  return new Counter({
    name,
    help: 'Long-connection reconnects (Feishu WS, DingTalk Stream, WeCom), by channel',
    labelNames: ['channel'],
    registers: [registry],
  });
}

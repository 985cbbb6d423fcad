import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';
import { fromRoot } from '../paths.js';
import { type EmbeddedRedis, startEmbeddedRedis } from './embedded.js';
import { COMMAND_TIMEOUT_MS, failFastOnceReady } from './unavailable.js';

export interface RedisTarget {
  options: RedisOptions;
  /** Stop an embedded server this process owns (no-op otherwise). */
  stop(): Promise<void>;
  embedded: boolean;
}

export function optionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const opts: RedisOptions = { host: u.hostname, port: Number(u.port || 6379) };
  if (u.password) opts.password = decodeURIComponent(u.password);
  if (u.username) opts.username = decodeURIComponent(u.username);
  const db = u.pathname.replace('/', '');
  if (db) opts.db = Number(db);
  if (u.protocol === 'rediss:') opts.tls = {};
  return opts;
}

/** REDIS_URL when set; otherwise a private redis-server under DATA_DIR/redis. */
export async function resolveRedis(config: Pick<Config, 'REDIS_URL' | 'DATA_DIR'>): Promise<RedisTarget> {
  if (config.REDIS_URL) return { options: optionsFromUrl(config.REDIS_URL), stop: async () => {}, embedded: false };
  const e: EmbeddedRedis = await startEmbeddedRedis({ dir: fromRoot(`${config.DATA_DIR}/redis`) });
  return { options: e.options, stop: e.stop, embedded: true };
}

export type ConnectionRole = 'command' | 'producer' | 'worker' | 'subscriber';

/**
 * One factory for every connection, the BullMQ way: producers fail fast when Redis is down
 * (no offline queue), workers and blocking clients retry forever (maxRetriesPerRequest null).
 */
export function createRedis(target: Pick<RedisTarget, 'options'>, role: ConnectionRole = 'command'): Redis {
  const base: RedisOptions = { ...target.options, lazyConnect: false, connectionName: `union-desk:${role}` };
  switch (role) {
    case 'producer':
      return new Redis({ ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    case 'worker':
    case 'subscriber':
      return new Redis({ ...base, maxRetriesPerRequest: null });
    default:
      // Fails fast while Redis is away (src/store/unavailable.ts): callers turn that into a reply.
      return failFastOnceReady(new Redis({ ...base, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS }));
  }
}

/** Warn when Redis may evict keys (queues and form drafts would be lost). */
export async function checkEvictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const res = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = res[1];
    if (policy && policy !== 'noeviction') {
      return `Redis maxmemory-policy is "${policy}"; set it to "noeviction" or queued jobs and form drafts may be lost.`;
    }
  } catch {
    // CONFIG may be disabled on managed Redis; nothing to check then.
  }
  return null;
}

/** Delete every key under a prefix (tests and `cli reset`). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}

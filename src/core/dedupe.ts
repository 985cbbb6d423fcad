import type { Redis } from 'ioredis';
import { isRedisUnavailable } from '../store/unavailable.js';

/** While Redis is unreachable, keys seen are remembered in this process (at most LOCAL_MAX of them). */
const LOCAL_MAX = 10_000;
const local = new Map<string, number>();

function firstTimeLocally(key: string, ttlSeconds: number, now: number): boolean {
  const until = local.get(key);
  if (until !== undefined && until > now) return false;
  local.delete(key);
  if (local.size >= LOCAL_MAX) {
    for (const [k, t] of local) if (t <= now || local.size >= LOCAL_MAX) local.delete(k);
  }
  local.set(key, now + ttlSeconds * 1000);
  return true;
}

/**
 * True the first time a key is seen within `ttlSeconds` (SET NX EX), false for every repeat. While
 * Redis is unreachable the answer comes from this process's memory: a platform's retry of an event
 * to the same replica is still dropped, one to another replica is not (documented in SECURITY.md).
 */
export async function firstTime(redis: Redis, key: string, ttlSeconds: number): Promise<boolean> {
  try {
    return (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
  } catch (err) {
    if (!isRedisUnavailable(err)) throw err;
    return firstTimeLocally(key, ttlSeconds, Date.now());
  }
}

import { isRedisUnavailable } from '../store/unavailable.js';
import type { Deps } from './deps.js';

/**
 * While Redis is unreachable the window is counted in this process instead (one replica's share of
 * the traffic: looser than the shared count, never unlimited). Holds only the current minute.
 */
const local = { minute: -1, counts: new Map<string, number>() };

function countLocally(key: string, minute: number): number {
  if (local.minute !== minute) {
    local.minute = minute;
    local.counts.clear();
  }
  const n = (local.counts.get(key) ?? 0) + 1;
  local.counts.set(key, n);
  return n;
}

/**
 * A fixed one-minute window per identity or IP (INCR is atomic, the key lives two minutes). Returns
 * the seconds until the window ends when `who` is over `limit`, else 0.
 */
export async function rateWait(deps: Pick<Deps, 'redis' | 'keys' | 'clock'>, who: string, limit: number): Promise<number> {
  const ms = deps.clock.now().getTime();
  const minute = Math.floor(ms / 60_000);
  const key = deps.keys.chatRate(who, minute);
  let count: number;
  try {
    const res = (await deps.redis.multi().incr(key).expire(key, 120, 'NX').exec()) as [[unknown, number], unknown];
    count = res[0][1];
  } catch (err) {
    if (!isRedisUnavailable(err)) throw err;
    count = countLocally(key, minute);
  }
  return count > limit ? Math.max(1, Math.ceil(((minute + 1) * 60_000 - ms) / 1000)) : 0;
}

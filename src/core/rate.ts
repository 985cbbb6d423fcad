import type { Deps } from './deps.js';

/**
 * A fixed one-minute window per identity or IP (INCR is atomic, the key lives two minutes). Returns
 * the seconds until the window ends when `who` is over `limit`, else 0.
 */
export async function rateWait(deps: Pick<Deps, 'redis' | 'keys' | 'clock'>, who: string, limit: number): Promise<number> {
  const ms = deps.clock.now().getTime();
  const minute = Math.floor(ms / 60_000);
  const key = deps.keys.chatRate(who, minute);
  const res = (await deps.redis.multi().incr(key).expire(key, 120, 'NX').exec()) as [[unknown, number], unknown];
  return res[0][1] > limit ? Math.max(1, Math.ceil(((minute + 1) * 60_000 - ms) / 1000)) : 0;
}

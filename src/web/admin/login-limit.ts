import type { Redis } from 'ioredis';
import type { Keys } from '../../store/keys.js';

/** After this many failed sign-ins from one IP, sign-in is refused until the window ends. */
export const MAX_FAILED_LOGINS = 5;
export const LOGIN_WINDOW_S = 15 * 60;

export interface LoginLimiter {
  /** Seconds until the IP may try again, or 0 when it may try now. */
  blockedFor(ip: string): Promise<number>;
  fail(ip: string): Promise<number>;
  reset(ip: string): Promise<void>;
}

export function createLoginLimiter(redis: Redis, keys: Keys): LoginLimiter {
  return {
    async blockedFor(ip) {
      const key = keys.loginAttempts(ip);
      const [n, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
      return Number(n ?? 0) >= MAX_FAILED_LOGINS ? Math.max(ttl, 1) : 0;
    },
    async fail(ip) {
      const key = keys.loginAttempts(ip);
      const [[, n]] = (await redis.multi().incr(key).expire(key, LOGIN_WINDOW_S, 'NX').exec()) as [[unknown, number]];
      return n;
    },
    async reset(ip) {
      await redis.del(keys.loginAttempts(ip));
    },
  };
}

import type { Redis } from 'ioredis';
import type { Keys } from '../../store/keys.js';

/** Sign-in attempts allowed per IP in a window; the next is refused until the window ends. */
export const MAX_FAILED_LOGINS = 5;
/** Per account too, so rotating addresses (X-Forwarded-For from a trusted proxy) gains nothing. */
export const MAX_FAILED_PER_ACCOUNT = 10;
export const LOGIN_WINDOW_S = 15 * 60;

export interface LoginLimiter {
  /**
   * Count this attempt before the password is checked (atomic INCR: parallel guesses are counted
   * one by one). Seconds until the IP or the account may try again, or 0 when it may try now.
   */
  attempt(ip: string, name: string): Promise<number>;
  /** A successful sign-in clears both counters. */
  reset(ip: string, name: string): Promise<void>;
}

export function createLoginLimiter(redis: Redis, keys: Keys): LoginLimiter {
  const count = async (key: string): Promise<[number, number]> => {
    const res = (await redis.multi().incr(key).expire(key, LOGIN_WINDOW_S, 'NX').ttl(key).exec()) as [
      [unknown, number],
      unknown,
      [unknown, number],
    ];
    return [res[0][1], res[2][1]];
  };
  return {
    async attempt(ip, name) {
      const [n, ttl] = await count(keys.loginAttempts(ip));
      if (n > MAX_FAILED_LOGINS) return Math.max(ttl, 1);
      const [m, ttlAccount] = await count(keys.loginAttemptsAccount(name.toLowerCase()));
      return m > MAX_FAILED_PER_ACCOUNT ? Math.max(ttlAccount, 1) : 0;
    },
    async reset(ip, name) {
      await redis.del(keys.loginAttempts(ip), keys.loginAttemptsAccount(name.toLowerCase()));
    },
  };
}

import type { Redis } from 'ioredis';

/** True the first time a key is seen within `ttlSeconds` (SET NX EX), false for every repeat. */
export async function firstTime(redis: Redis, key: string, ttlSeconds: number): Promise<boolean> {
  return (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
}

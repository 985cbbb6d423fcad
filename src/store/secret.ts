import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/**
 * The server's cookie secret: WEB_COOKIE_SECRET, or one generated once and kept in Redis (SET NX:
 * every replica agrees). Signs web chat visitors' cookies and the console's sign-in form token.
 */
export async function cookieSecret(deps: {
  redis: Redis;
  keys: Keys;
  config: { WEB_COOKIE_SECRET?: string | undefined };
}): Promise<string> {
  if (deps.config.WEB_COOKIE_SECRET) return deps.config.WEB_COOKIE_SECRET;
  const key = deps.keys.webCookieSecret();
  await deps.redis.set(key, randomBytes(32).toString('base64url'), 'NX');
  const secret = await deps.redis.get(key);
  if (!secret) throw new Error('no cookie secret in Redis');
  return secret;
}

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../../store/keys.js';
import { MAX_CALLBACK_BYTES } from './format.js';

const TTL_S = 30 * 24 * 3600;
const MARK = '~';

/**
 * Button values longer than Telegram's 64-byte callback_data are stored in Redis and the button
 * carries `~<hash>` instead; pressing it restores the original value.
 */
export async function packAction(redis: Redis, keys: Keys, value: string): Promise<string> {
  if (Buffer.byteLength(value, 'utf8') <= MAX_CALLBACK_BYTES && !value.startsWith(MARK)) return value;
  const hash = createHash('sha256').update(value).digest('base64url').slice(0, 22);
  await redis.set(keys.longAction(hash), value, 'EX', TTL_S);
  return `${MARK}${hash}`;
}

/** The original button value, or null when a stored one has expired. */
export async function unpackAction(redis: Redis, keys: Keys, data: string): Promise<string | null> {
  if (!data.startsWith(MARK)) return data;
  return redis.get(keys.longAction(data.slice(MARK.length)));
}

import type { Redis } from 'ioredis';
import { AppError, RedisUnavailableError } from '../errors.js';

/**
 * How long one command on the command connection may take before it counts as "Redis unavailable".
 * Below the 3 s a person waits for a reply; far above a healthy loopback round trip. While the
 * connection is down commands do not wait at all (failFastOnceReady).
 */
export const COMMAND_TIMEOUT_MS = 2000;

/** What ioredis says when a command could not reach Redis (as opposed to a Redis reply error). */
const UNREACHABLE = [
  "Stream isn't writeable",
  'Command timed out',
  'Connection is closed',
  'Reached the max retries per request limit',
  'connect ECONNREFUSED',
  'connect ETIMEDOUT',
];
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN']);

/** Did this error come from Redis being unreachable (down, restarting, hung)? */
export function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof RedisUnavailableError) return true;
  if (err instanceof AppError && err.code === 'queue_unavailable') return true;
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && UNREACHABLE_CODES.has(code)) return true;
  if (UNREACHABLE.some((m) => err.message.includes(m))) return true;
  return err.cause !== undefined && err.cause !== err && isRedisUnavailable(err.cause);
}

/** The error as a RedisUnavailableError when Redis was unreachable, else unchanged. */
export function asUnavailable(err: unknown): unknown {
  if (err instanceof RedisUnavailableError || !isRedisUnavailable(err)) return err;
  return new RedisUnavailableError(undefined, { cause: err });
}

/**
 * `p`, or `fallback` when Redis is unreachable (other errors are thrown). For reads a reply can do
 * without while Redis is away (a language preference, a linked identity).
 */
export async function orWhenUnavailable<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (isRedisUnavailable(err)) return fallback;
    throw err;
  }
}

/**
 * The command connection queues commands only until it is first ready (start-up code runs before
 * the connection is up); after that, while Redis is away, a command fails at once instead of
 * waiting in ioredis's offline queue for a reconnection (the old 10 s hang). COMMAND_TIMEOUT_MS
 * covers a Redis that accepts connections but does not answer.
 */
export function failFastOnceReady(redis: Redis): Redis {
  redis.once('ready', () => {
    redis.options.enableOfflineQueue = false;
  });
  return redis;
}

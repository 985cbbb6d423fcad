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

/** After a command timed out, commands fail at once for this long; then one goes through as a probe. */
export const SILENT_BACKOFF_MS = 1000;

/**
 * The command connection queues commands only until it is first ready (start-up code runs before
 * the connection is up); after that, while Redis is away, a command fails at once instead of
 * waiting in ioredis's offline queue for a reconnection (the old 10 s hang). COMMAND_TIMEOUT_MS
 * covers a Redis that accepts connections but does not answer (paused, overloaded); once one
 * command timed out, commands fail at once for SILENT_BACKOFF_MS, so a reply that needs several
 * reads still comes within about one timeout.
 */
export function failFastOnceReady(redis: Redis): Redis {
  redis.once('ready', () => {
    redis.options.enableOfflineQueue = false;
  });
  let silentUntil = 0;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: Parameters<Redis['sendCommand']>[0], stream?: Parameters<Redis['sendCommand']>[1]) => {
    // Only on a connection that looks up (a paused Redis): a reconnect's handshake must go through.
    // Pipelines and MULTI too: ioredis rejects their commands the same way without an offline queue.
    if (redis.status === 'ready' && Date.now() < silentUntil) {
      command.reject(new RedisUnavailableError('Redis is not answering / Redis 没有响应'));
      return command.promise;
    }
    const p = send(command, stream);
    command.promise.then(
      () => {
        silentUntil = 0;
      },
      (err: unknown) => {
        if (err instanceof Error && err.message === 'Command timed out') silentUntil = Date.now() + SILENT_BACKOFF_MS;
      },
    );
    return p;
  }) as Redis['sendCommand'];
  return redis;
}

import { type App, createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../logger.js';
import { createRedis, resolveRedis } from '../store/redis.js';
import type { Redis } from 'ioredis';

/**
 * Open the app for a CLI command: same config and Redis as the bot (joining the bot's embedded
 * redis-server when it runs), logs on stderr, no HTTP server and no workers started.
 * Stdout stays free for the command's own output.
 */
export async function withCliApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL, { toStderr: true });
  const target = await resolveRedis(config);
  const app = await createApp({ config, logger, redisTarget: target, role: 'worker' });
  try {
    return await fn(app);
  } finally {
    await app.stop();
    await target.stop();
  }
}

/**
 * Open only Redis for a CLI command that needs no capability (backup, restore): the same config
 * and Redis as the bot, without loading the corpus or the queues.
 */
export async function withCliRedis<T>(fn: (r: { redis: Redis; prefix: string }) => Promise<T>): Promise<T> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    throw err;
  }
  const target = await resolveRedis(config);
  const redis = createRedis(target);
  try {
    return await fn({ redis, prefix: config.REDIS_PREFIX });
  } finally {
    redis.disconnect();
    await target.stop();
  }
}

/** Tiny flag parser: `--name value`, `--flag`, positional rest. */
export function parseFlags(argv: string[]): { flags: Record<string, string | true>; rest: string[] } {
  const flags: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) flags[name] = inline;
      else if (next !== undefined && !next.startsWith('--')) {
        flags[name] = next;
        i++;
      } else flags[name] = true;
    } else rest.push(a);
  }
  return { flags, rest };
}

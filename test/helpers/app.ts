import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { type Config, type ProcessRole, loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import type { Reply } from '../../src/core/types.js';
import { createLogger } from '../../src/logger.js';
import { deleteByPrefix, optionsFromUrl } from '../../src/store/redis.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A key prefix no other test file or run shares. */
export function uniquePrefix(label = 't'): string {
  return `test:${label}:${randomBytes(4).toString('hex')}:`;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniquePrefix(),
    NODE_ENV: 'test',
    ...env,
  });
}

/** A plain Redis client on the test server (close it in afterAll). */
export function testRedis(): Redis {
  return new Redis(optionsFromUrl(testRedisUrl()));
}

export interface TestApp {
  app: App;
  url: string;
  config: Config;
  /** POST /api/chat and return the replies. */
  chat(body: { text?: string; action?: string; userId?: string; chatId?: string; [k: string]: unknown }): Promise<Reply[]>;
  /** Stop the app and delete every key it wrote. */
  close(): Promise<void>;
}

/** Start the whole app (HTTP on a free port, real Redis under a unique prefix). */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { clock?: Clock; role?: ProcessRole; start?: boolean } = {},
): Promise<TestApp> {
  const config = testConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const target = { options: optionsFromUrl(testRedisUrl()), stop: async () => {}, embedded: false };
  const app = await createApp({
    config,
    logger,
    redisTarget: target,
    ...(opts.clock ? { clock: opts.clock } : {}),
    role: opts.role ?? 'all',
  });
  const url = (await app.start()) ?? '';
  return {
    app,
    url,
    config,
    async chat(body) {
      const res = await fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chatId: 'c1', userId: 'u1', ...body }),
      });
      const json = (await res.json()) as { replies?: Reply[]; message?: string };
      if (!json.replies) throw new Error(`chat failed (${res.status}): ${json.message}`);
      return json.replies;
    },
    async close() {
      await app.stop();
      const r = testRedis();
      await deleteByPrefix(r, config.REDIS_PREFIX);
      r.disconnect();
    },
  };
}

/** A clock tests can move. */
export function fakeClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (d) => {
      now = new Date(d).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

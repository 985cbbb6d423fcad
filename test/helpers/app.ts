import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { type Config, type ProcessRole, loadConfig } from '../../src/config.js';
import type { Channel } from '../../src/core/channel.js';
import type { Clock } from '../../src/core/clock.js';
import type { ChannelName, Reply } from '../../src/core/types.js';
import { createLogger } from '../../src/logger.js';
import { CONTROL_QUEUE, DELIVERY_CHANNELS, deliverQueueName } from '../../src/outbound/queues.js';
import { createRedis, deleteByPrefix, type RedisTarget, targetFromConfig } from '../../src/store/redis.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** REDIS_CLUSTER_NODES or REDIS_SENTINELS… under REDIS_TEST_MODE=cluster|sentinel; {} otherwise. */
export function testRedisEnv(): Record<string, string> {
  return inject('redisEnv') ?? {};
}

export const testRedisMode = (): 'single' | 'cluster' | 'sentinel' => {
  const env = testRedisEnv();
  return env['REDIS_CLUSTER_NODES'] ? 'cluster' : env['REDIS_SENTINELS'] ? 'sentinel' : 'single';
};

/** The test Redis as the app reaches it (plain, Sentinel or Cluster). */
export function testTarget(): RedisTarget {
  return targetFromConfig(loadConfig({ REDIS_URL: testRedisUrl(), ...testRedisEnv() }))!;
}

/** A key prefix no other test file or run shares (a Cluster hash tag of its own under cluster mode). */
export function uniquePrefix(label = 't'): string {
  const id = `${label}:${randomBytes(4).toString('hex')}`;
  return testRedisMode() === 'cluster' ? `test:{${id}}:` : `test:${id}:`;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    REDIS_URL: testRedisUrl(),
    ...testRedisEnv(),
    REDIS_PREFIX: uniquePrefix(),
    NODE_ENV: 'test',
    // Tests send many messages from one identity (often under a stopped clock); abuse limits are
    // tested where a test sets them (test/web/abuse.test.ts).
    CHAT_RATE_PER_MINUTE: '10000',
    CHAT_RATE_PER_IP_PER_MINUTE: '100000',
    ...env,
  });
}

/** A client on the test server (close it in afterAll): a Cluster client under cluster mode. */
export function testRedis(): Redis {
  return createRedis(testTarget());
}

export interface TestApp {
  app: App;
  url: string;
  config: Config;
  /** POST /api/chat and return the replies. */
  chat(body: {
    text?: string;
    action?: string;
    userId?: string;
    chatId?: string;
    [k: string]: unknown;
  }): Promise<Reply[]>;
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
  const target = testTarget();
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

/** How many platform events of `channel` the app has finished with (any outcome, or one). */
export async function handledCount(app: App, channel: string, outcome?: string): Promise<number> {
  const m = await app.deps.metrics.handled.get();
  return m.values
    .filter((v) => v.labels['channel'] === channel && (outcome === undefined || v.labels['outcome'] === outcome))
    .reduce((a, v) => a + v.value, 0);
}

/**
 * Wait until the app has finished with `count` more events of `channel` than `before` — the positive
 * event after which "nothing (else) happened" can be asserted.
 */
export async function waitHandled(
  app: App,
  channel: string,
  before: number,
  opts: { count?: number; outcome?: string; timeoutMs?: number } = {},
): Promise<void> {
  const { count = 1, outcome, timeoutMs = 5000 } = opts;
  const until = Date.now() + timeoutMs;
  while ((await handledCount(app, channel, outcome)) < before + count) {
    if (Date.now() > until) throw new Error(`${channel}: ${count} event(s) not handled within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Wait until the outbound queues have nothing left to do: no control job waiting or running (future
 * reminders and the chase schedulers stay delayed) and no delivery waiting, running or delayed. The
 * positive event after which "nothing else was sent" can be asserted: every job queued so far has run.
 */
export async function waitQueuesIdle(t: TestApp, timeoutMs = 10_000): Promise<void> {
  const connection = testRedis();
  const prefix = t.app.deps.keys.bullPrefix;
  const queues = [CONTROL_QUEUE, ...DELIVERY_CHANNELS.map(deliverQueueName)].map(
    (n) => new Queue(n, { connection, prefix }),
  );
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const busy = await Promise.all(
        queues.map(async (q) => {
          const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
          const delayed = q.name === CONTROL_QUEUE ? 0 : (c['delayed'] ?? 0);
          return (
            (c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) + (c['waiting-children'] ?? 0) + delayed
          );
        }),
      );
      if (busy.every((n) => n === 0)) return;
      if (Date.now() > until) throw new Error(`queues still busy after ${timeoutMs} ms: ${busy.join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  }
}

/** The BullMQ state of one job ('waiting', 'active', 'completed', …; 'unknown' when there is none). */
export async function jobState(t: TestApp, queue: string, jobId: string): Promise<string> {
  const connection = testRedis();
  const q = new Queue(queue, { connection, prefix: t.app.deps.keys.bullPrefix });
  try {
    return await q.getJobState(jobId);
  } finally {
    await q.close();
    connection.disconnect();
  }
}

/** One of the app's channels (throws when that channel is not configured in this test). */
export function channelOf(app: App, name: ChannelName): Channel {
  const ch = app.channels.get(name);
  if (!ch) throw new Error(`no ${name} channel: is its token set in this test's environment?`);
  return ch;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { deleteByPrefix, targetFromConfig } from '../../src/store/redis.js';
import { uniquePrefix } from '../helpers/app.js';
import { haEnv, startRedisSentinel, type TestSentinel } from '../helpers/ha-redis.js';

/**
 * Redis Sentinel failover mid-broadcast (issue 17): a master, a replica and three sentinels; the app
 * (workers in-process) reaches Redis only through REDIS_SENTINELS. A broadcast to 2,000 web chats,
 * the master SIGKILLed part-way, the sentinels promote the replica, ioredis follows them there:
 * every chat gets the message exactly once. (Replication is asynchronous: what the old master had not
 * passed on is lost as a whole — the outbox entry, its ledger mark and the job's completion together,
 * in order — so the job is taken up again and writes it once.)
 */
const CHATS = 2000;
let set: TestSentinel;
let app: App;

beforeAll(async () => {
  set = await startRedisSentinel();
  const config = loadConfig({
    ...haEnv(set),
    REDIS_PREFIX: uniquePrefix('failover'),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    QUIET_HOURS: 'off',
    QUEUE_LOCK_MS: '2000',
    DELIVERY_CONCURRENCY: '50',
  });
  app = await createApp({
    config,
    logger: createLogger('silent'),
    redisTarget: targetFromConfig(config)!,
    role: 'worker',
  });
  await app.start();
  const svc = app.services.calendar;
  for (let i = 0; i < CHATS; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, CHATS - i) }, (_, j) =>
        svc.subscribe({ channel: 'web', chatId: `f${i + j}` }, [], { by: `web:f${i + j}` }),
      ),
    );
  }
}, 120_000);

afterAll(async () => {
  if (app) {
    await deleteByPrefix(app.deps.redis, app.deps.config.REDIS_PREFIX).catch(() => {});
    await app.stop();
  }
  await set?.stop();
});

describe('Redis Sentinel', () => {
  it(`the master killed mid-broadcast to ${CHATS} web chats: 0 lost, 0 duplicated`, async () => {
    const { redis, keys } = app.deps;
    const svc = app.services.calendar;
    const id = await svc.sendBroadcast({ text: '哨兵切换测试 / failover check', by: 'test' });
    const sent = async () => (await redis.hvals(keys.broadcastDeliveries(id))).filter((v) => v === 'sent').length;
    const threshold = 200 + Math.floor(Math.random() * 800);
    while ((await sent()) < threshold) await new Promise((r) => setTimeout(r, 20));
    const old = await set.killMaster();
    const promoted = await set.waitFailover(old);
    expect(promoted).not.toBe(old);
    const until = Date.now() + 120_000;
    let lastError = '';
    for (;;) {
      const rep = await svc.broadcastReport(id).catch((e) => {
        lastError = String(e);
        return null;
      }); // errors while ioredis reconnects
      if (rep && rep.total === CHATS && rep.pending === 0) {
        expect(rep.failed).toEqual([]);
        break;
      }
      if (Date.now() > until)
        throw new Error(`broadcast not done after the failover: ${rep?.sent} sent (${lastError})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const p = redis.pipeline();
    for (let i = 0; i < CHATS; i++) p.lrange(keys.outbox(`f${i}`), 0, -1);
    const counts = ((await p.exec()) ?? []).map(([, v]) => (v as string[]).length);
    expect({ lost: counts.filter((n) => n === 0).length, duplicated: counts.filter((n) => n > 1).length }).toEqual({
      lost: 0,
      duplicated: 0,
    });
    // The app now talks to the promoted server.
    expect(Number((await redis.config('GET', 'port'))[1])).toBe(promoted);
  }, 240_000);
});

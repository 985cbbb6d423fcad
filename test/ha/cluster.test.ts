import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createWebChannel } from '../../src/channels/web/channel.js';
import { createDeps } from '../../src/core/deps.js';
import { bucketsFor, claimDelivery } from '../../src/outbound/limits.js';
import { backupLines } from '../../src/store/backup.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedis, deleteByPrefix, mastersOf, scanKeys, targetFromConfig } from '../../src/store/redis.js';
import { haEnv, startRedisCluster, type TestCluster } from '../helpers/ha-redis.js';

/**
 * A real three-master Redis Cluster (test/helpers/ha-redis.ts): the one connection factory reaches
 * it, every Lua script and MULTI under a hash-tagged prefix runs (one slot), the same script under
 * an untagged prefix is refused (CROSSSLOT: why the prefix needs its tag), and SCAN-based work
 * (deleteByPrefix, backup) sees the keys of every master.
 */
let cluster: TestCluster;
let redis: Redis;

beforeAll(async () => {
  cluster = await startRedisCluster();
  redis = createRedis(targetFromConfig(loadConfig(haEnv(cluster)))!);
});

afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

const config = (prefix: string) => loadConfig({ ...haEnv(cluster), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' });

describe('Redis Cluster', () => {
  it('has three masters, and keys under one hash tag share a slot', async () => {
    expect(mastersOf(redis)).toHaveLength(3);
    const slots = await Promise.all(['{ud}:a', '{ud}:delivery:x', '{ud}:bull:deliver-web:id'].map((k) => redis.call('CLUSTER', 'KEYSLOT', k)));
    expect(new Set(slots).size).toBe(1);
  });

  it('the delivery claim (ledger + chat bucket + pace clock + pace log) runs in one slot under the tagged prefix', async () => {
    const keys = createKeys('{ha-claim}:');
    const ref = { channel: 'telegram' as const, chatId: '-100200' };
    const buckets = bucketsFor(ref, { TELEGRAM_GROUP_RATE_PER_MINUTE: 20, SLACK_RATE_PER_SECOND: 1, TELEGRAM_RATE_PER_SECOND: 25 }, keys);
    expect(buckets).toHaveLength(2);
    const first = await claimDelivery(redis, keys.delivery('d1'), 'job#0', buckets);
    expect(first.kind).toBe('go');
    // The group bucket is now full: the next delivery to that chat waits (the script saw the bucket).
    expect((await claimDelivery(redis, keys.delivery('d2'), 'job#0', buckets)).kind).toBe('wait');
    // Without the tag the same script's keys hash to different slots: Redis Cluster refuses it.
    const untagged = createKeys('ha-claim:');
    await expect(claimDelivery(redis, untagged.delivery('d1'), 'job#0', bucketsFor(ref, { TELEGRAM_GROUP_RATE_PER_MINUTE: 20, SLACK_RATE_PER_SECOND: 1, TELEGRAM_RATE_PER_SECOND: 25 }, untagged))).rejects.toThrow(/CROSSSLOT/);
    await deleteByPrefix(redis, '{ha-claim}:');
  });

  it('the web outbox write and the ledger mark are one script in one slot; a second run appends nothing', async () => {
    const deps = createDeps({ config: config('{ha-web}:'), redisTarget: targetFromConfig(config('{ha-web}:'))!, llm: false });
    const web = createWebChannel(deps, { router: null, gone: async () => {} });
    for (let i = 0; i < 2; i++) await web.send({ channel: 'web', chatId: 'c1' }, [{ text: 'hi' }], { deliveryId: 'bc:1:web:c1' });
    expect(await deps.redis.lrange(deps.keys.outbox('c1'), 0, -1)).toHaveLength(1);
    expect(await deps.redis.get(deps.keys.delivery('bc:1:web:c1'))).toBe('sent');
    await deleteByPrefix(deps.redis, '{ha-web}:');
    deps.redis.disconnect();
  });

  it('BullMQ queues under the tagged prefix work on the cluster (a Cluster connection)', async () => {
    const connection = createRedis(targetFromConfig(config('{ha-q}:'))!, 'producer');
    const q = new Queue('deliver-web', { connection, prefix: createKeys('{ha-q}:').bullPrefix });
    await q.waitUntilReady();
    await q.addBulk([1, 2, 3].map((i) => ({ name: 'x', data: { i }, opts: { jobId: `j${i}` } })));
    await q.add('x', { i: 1 }, { jobId: 'j1' }); // same id: no second job
    expect(await q.getJobCounts('waiting')).toEqual({ waiting: 3 });
    await q.obliterate({ force: true });
    await q.close();
    connection.disconnect();
  });

  it('SCAN-based work (deleteByPrefix, backup) sees the keys of every master', async () => {
    // Keys without a common tag spread over the three masters; each master holds some.
    const keys = Array.from({ length: 60 }, (_, i) => `ha-scan:units:${i}`);
    for (const k of keys) await redis.set(k, 'x');
    const perMaster = await Promise.all(mastersOf(redis).map((n) => n.dbsize()));
    expect(perMaster.filter((n) => n > 0)).toHaveLength(3);
    const found: string[] = [];
    for await (const batch of scanKeys(redis, 'ha-scan:*')) found.push(...batch);
    expect(new Set(found)).toEqual(new Set(keys));
    const lines = await backupLines(redis, 'ha-scan:', ['units:*']);
    expect(lines.length).toBe(61); // header + every key
    expect(await deleteByPrefix(redis, 'ha-scan:')).toBe(60);
    expect((await Promise.all(mastersOf(redis).map((n) => n.dbsize()))).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

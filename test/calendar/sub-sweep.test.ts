import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeConversationId } from '../../src/core/types.js';
import { CONTROL_QUEUE } from '../../src/outbound/queues.js';
import { type TestApp, startTestApp, testRedis, waitQueuesIdle } from '../helpers/app.js';

/**
 * A lapsed web subscription (its record expired after WEB_SUB_TTL_DAYS) must not stay in the index
 * sets: the audience count skips it, and the daily job (the `topup` control job) removes it from the
 * set of all subscriptions and from every tag's set, so broadcasts never iterate dead ids.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ WEB_SUBS_PER_IDENTITY: '10' });
});
afterAll(async () => t?.close());

const conv = (chatId: string) => encodeConversationId({ channel: 'web', chatId });

/** Let Redis expire a subscription record, as WEB_SUB_TTL_DAYS would. */
async function lapse(chatId: string): Promise<void> {
  const { redis, keys } = t.app.deps;
  await redis.pexpire(keys.subscription(conv(chatId)), 1);
  await new Promise((r) => setTimeout(r, 20));
}

describe('lapsed web subscriptions leave the index sets', () => {
  it('the audience count and the daily job drop dead ids from every set', async () => {
    const { redis, keys } = t.app.deps;
    for (const id of ['s1', 's2', 's3', 's4']) {
      const r = await t.chat({ userId: `v-${id}`, chatId: id, text: '/subscribe 活动 滨湖' });
      expect(r[0]!.text).toContain('订阅');
    }
    await lapse('s2');
    await lapse('s3');
    const cal = t.app.services.calendar;
    // The sets still hold the dead ids until something cleans them.
    expect(await redis.sismember(keys.subscriptionsByTag('滨湖'), conv('s2'))).toBe(1);
    expect(await redis.scard(keys.subscriptions())).toBe(4);

    // A tagged read cleans only the tag it read: 滨湖 and the set of all; 活动 keeps the dead ids.
    expect((await cal.listSubscriptions()).map((s) => s.conv.chatId).sort()).toEqual(['s1', 's4']);
    expect(await redis.scard(keys.subscriptions())).toBe(2);
    expect(await redis.scard(keys.subscriptionsByTag('活动'))).toBe(4);
    expect(await redis.scard(keys.subscriptionsByTag('滨湖'))).toBe(4);

    // The daily job sweeps every tag's set.
    const connection = testRedis();
    const q = new Queue(CONTROL_QUEUE, { connection, prefix: keys.bullPrefix });
    try {
      await q.add('topup', {});
    } finally {
      await q.close();
      connection.disconnect();
    }
    await waitQueuesIdle(t);
    expect((await redis.smembers(keys.subscriptionsByTag('活动'))).sort()).toEqual([conv('s1'), conv('s4')]);
    expect((await redis.smembers(keys.subscriptionsByTag('滨湖'))).sort()).toEqual([conv('s1'), conv('s4')]);
  });

  it('a lapsed id is not counted in a broadcast audience', async () => {
    const { redis, keys } = t.app.deps;
    await t.chat({ userId: 'v-c1', chatId: 'c1', text: '/subscribe 读书' });
    await t.chat({ userId: 'v-c2', chatId: 'c2', text: '/subscribe 读书' });
    await lapse('c2');
    expect(await redis.scard(keys.subscriptionsByTag('读书'))).toBe(2);
    expect(await t.app.services.calendar.previewBroadcast('读书会', '读书')).toEqual({ recipients: 1 });
    expect(await redis.scard(keys.subscriptionsByTag('读书'))).toBe(1);
  });
});

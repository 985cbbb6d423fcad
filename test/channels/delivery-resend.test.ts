import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT } from '../../src/channels/slack/channel.js';
import type { DeliveryJob } from '../../src/outbound/jobs.js';
import { deliverQueueName, jobIdOf } from '../../src/outbound/queues.js';
import { type TestApp, testRedis } from '../helpers/app.js';
import { waitReport } from '../jobs/helpers.js';
import type { FakeSlack } from './fake-slack.js';
import type { FakeTelegram } from './fake-telegram.js';
import { closeBothPlatforms, startWithBothPlatforms } from './start.js';

/**
 * A worker that died mid-delivery leaves the ledger at `sending:*`. On Slack the retry asks
 * conversations.history for the delivery id (message metadata) and sends only when it is not
 * there; on Telegram (no way to ask) it sends again and counts the resend in /metrics.
 */
let slack: FakeSlack;
let tg: FakeTelegram;
let t: TestApp;
let redis: Redis;

beforeAll(async () => {
  ({ slack, tg, t } = await startWithBothPlatforms({
    slackToken: 'xoxb-resend',
    slackSecret: 'resend-secret',
    tgSecret: 'resend-tg-secret',
    env: { ADMINS: 'web:boss' },
  }));
  redis = testRedis();
});
afterAll(async () => {
  redis.disconnect();
  await closeBothPlatforms({ t, slack, tg });
});

const ledger = (id: string) => t.app.deps.keys.delivery(id);

/** Queue `data` again under a fresh job id, with the ledger as a worker killed mid-send leaves it. */
async function retryInFlight(channel: 'slack' | 'telegram', data: DeliveryJob): Promise<void> {
  await redis.set(ledger(data.deliveryId), 'sending:dead-worker#0', 'PX', 60_000);
  const q = new Queue(deliverQueueName(channel), { connection: redis.duplicate(), prefix: t.app.deps.keys.bullPrefix });
  await q.add(data.kind, data, { jobId: `${jobIdOf(data.deliveryId)}|again` });
  await q.close();
  const until = Date.now() + 10_000;
  while ((await redis.get(ledger(data.deliveryId))) !== 'sent') {
    if (Date.now() > until) throw new Error(`${data.deliveryId} not sent again: ${await redis.get(ledger(data.deliveryId))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function resends(channel: string): Promise<number> {
  const m = await t.app.deps.metrics.resends.get();
  return m.values.find((v) => v.labels['channel'] === channel)?.value ?? 0;
}

const postsTo = (channel: string) => slack.sent('chat.postMessage').filter((c) => c.body['channel'] === channel);

describe('a delivery in flight when its worker died', () => {
  let first: DeliveryJob;

  it('Slack: every delivery carries its id as message metadata', async () => {
    await t.app.services.calendar.subscribe({ channel: 'slack', chatId: 'C0RES01' });
    const id = await t.app.services.calendar.sendBroadcast({ text: '重发测试', by: 'web:boss' });
    await waitReport(t, id, (s) => s.sent === 1);
    const [post] = postsTo('C0RES01');
    expect(post!.body['metadata']).toEqual({
      event_type: DELIVERY_EVENT,
      event_payload: { delivery_id: `bc:${id}:slack:C0RES01` },
    });
    first = {
      deliveryId: `bc:${id}:slack:C0RES01`,
      convId: 'slack:C0RES01',
      kind: 'broadcast',
      text: '重发测试',
      broadcastId: id,
    };
  });

  it('Slack: the first attempt had arrived — found in conversations.history, marked sent, not posted again', async () => {
    const before = slack.sent('conversations.history').length;
    await retryInFlight('slack', first);
    const asked = slack.sent('conversations.history').slice(before);
    expect(asked.map((c) => c.body['channel'])).toEqual(['C0RES01']);
    expect(postsTo('C0RES01')).toHaveLength(1);
    expect(await resends('slack')).toBe(0);
  });

  it('Slack: the first attempt had not arrived — posted once, counted as a resend', async () => {
    slack.forgetPosts();
    const data = { ...first, deliveryId: first.deliveryId.replace('C0RES01', 'C0RES02'), convId: 'slack:C0RES02' };
    await retryInFlight('slack', data);
    expect(postsTo('C0RES02')).toHaveLength(1);
    expect(await resends('slack')).toBe(1);
  });

  it('Telegram: no way to ask, so it is sent again and counted in /metrics', async () => {
    const data = { ...first, deliveryId: first.deliveryId.replace('slack:C0RES01', 'telegram:5001'), convId: 'telegram:5001' };
    await retryInFlight('telegram', data);
    expect(tg.sent('sendMessage').filter((c) => String(c.body['chat_id']) === '5001')).toHaveLength(1);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toContain('union_desk_delivery_resends_total{channel="telegram"} 1');
  });
});

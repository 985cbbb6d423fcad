import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelError } from '../../src/errors.js';
import { DINGTALK_APP_INTERVAL_MS, DINGTALK_CHAT_INTERVAL_MS } from '../../src/outbound/limits.js';
import { type TestApp, fakeClock, startTestApp } from '../helpers/app.js';
import { waitReport } from '../jobs/helpers.js';
import { DT_USER, contentOf, deliver, dingtalkEnv, robotMessage, texts } from './dingtalk-helpers.js';
import { type FakeDingTalk, startFakeDingTalk } from './fake-dingtalk.js';

let dt: FakeDingTalk;
let t: TestApp;

beforeAll(async () => {
  dt = await startFakeDingTalk();
  // 08:58:59.6 in Shanghai: an event at 09:00 reminded 1 minute before is due in 0.4 s (outside quiet hours).
  t = await startTestApp({ ...dingtalkEnv(dt), ADMINS: 'web:boss' }, { clock: fakeClock('2026-06-10T00:58:59.600Z') });
});
afterAll(async () => {
  await t?.close();
  await dt?.close();
});

async function waitUntil<T>(f: () => T | undefined, label: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('dingtalk delivery through the queue', () => {
  it('a group subscribes with "@bot /subscribe" and a private chat too; both get the reminder via the OpenAPI', async () => {
    expect(texts(await deliver(t, dt, robotMessage('group_mention', { text: { content: ' /subscribe' } })))).toContain(
      '已订阅',
    );
    expect(texts(await deliver(t, dt, robotMessage('private_text', { text: { content: '/subscribe' } })))).toContain(
      '已订阅',
    );
    const added = await t.chat({
      userId: 'boss',
      chatId: 'office',
      text: '/event add 演讲比赛 6月10日上午9点 市工人文化宫 提醒=1m',
    });
    expect(added[0]!.text).toContain('演讲比赛');
    const isReminder = (c: { body: Record<string, unknown> }) => contentOf(c as never).text.includes('【活动提醒】');
    const group = await waitUntil(
      () => dt.sent().find((c) => c.method === 'groupSend' && isReminder(c)),
      'group reminder',
    );
    expect(group.body['openConversationId']).toBe('cid6KeBBLoveMJOGXoYKF5x7EeiodoA==');
    expect(contentOf(group).text).toContain('市工人文化宫');
    const one = await waitUntil(
      () => dt.sent().find((c) => c.method === 'batchSend' && isReminder(c)),
      'private reminder',
    );
    expect(one.body['userIds']).toEqual([DT_USER]);
  });

  it('a broadcast to 100 chats: once each, paced app-wide, a 429 rescheduled, a removed robot unsubscribed, all in the report', async () => {
    const svc = t.app.services.calendar;
    const chats = Array.from({ length: 100 }, (_, i) => `cidBroadcast${String(i).padStart(3, '0')}==`);
    for (const c of chats) await svc.subscribe({ channel: 'dingtalk', chatId: c }, ['district:bc']);
    dt.removeBotFrom('cidBroadcast007==');
    dt.failNext(
      429,
      { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超限' },
      { 'retry-after': '1' },
    );
    const before = dt.sent().length;

    const id = await svc.sendBroadcast({
      text: '本周五下午召开“两争一树”推进会，请各单位派员参加。',
      tag: 'district:bc',
      by: 'web:boss',
    });
    const report = await waitReport(t, id, (s) => s.sent === 99 && s.failed === 1, 40_000);

    expect(report.failed).toEqual([{ conv: 'dingtalk:cidBroadcast007==', reason: expect.stringContaining('gone') }]);
    expect(await svc.getSubscription({ channel: 'dingtalk', chatId: 'cidBroadcast007==' })).toBeNull();
    expect(report.delivered).toEqual(chats.filter((c) => c !== 'cidBroadcast007==').map((c) => `dingtalk:${c}`));

    // Every chat tried, the 429'd one twice (rescheduled), the gone one once and never again.
    const sends = dt.sent().slice(before);
    const accepted = new Map<string, number>();
    for (const c of sends) accepted.set(c.target, (accepted.get(c.target) ?? 0) + 1);
    expect(sends).toHaveLength(101);
    expect(accepted.size).toBe(100);
    expect([...accepted.values()].filter((n) => n === 2)).toHaveLength(1);
    expect(accepted.get('cidBroadcast007==')).toBe(1);
    expect(sends.every((c) => contentOf(c).text.includes('推进会'))).toBe(true);

    // App-wide pacing: slots DINGTALK_APP_INTERVAL_MS apart; in any one second at most 1000/interval (+1 of jitter).
    const times = sends.map((c) => c.at).sort((a, b) => a - b);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((times.length - 2) * DINGTALK_APP_INTERVAL_MS * 0.8);
    for (let i = 0; i < times.length; i++) {
      const inSecond = times.filter((x) => x >= times[i]! && x < times[i]! + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(1000 / DINGTALK_APP_INTERVAL_MS + 1);
    }
    const limited = (await t.app.deps.metrics.deliveries.get()).values.find(
      (v) => v.labels['channel'] === 'dingtalk' && v.labels['result'] === 'rate_limited',
    );
    expect(limited?.value).toBe(1);
  }, 60_000);

  it('keeps one group at ≤ 20 messages/min (one per DINGTALK_CHAT_INTERVAL_MS)', async () => {
    const svc = t.app.services.calendar;
    await svc.subscribe({ channel: 'dingtalk', chatId: 'cidPaced==' }, ['district:paced']);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await svc.sendBroadcast({ text: `通知 ${i}`, tag: 'district:paced', by: 'web:boss' }));
    for (const id of ids) await waitReport(t, id, (s) => s.pending === 0, 20_000);
    const times = dt
      .sent()
      .filter((c) => c.target === 'cidPaced==')
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(DINGTALK_CHAT_INTERVAL_MS * 0.9);
  }, 30_000);
});

describe('a dingtalk send-only process (worker)', () => {
  it('sends but opens no Stream connection; a retried multi-message delivery skips what went out', async () => {
    const w = await startTestApp(dingtalkEnv(dt, 'stream'), { role: 'worker' });
    try {
      expect(w.app.server).toBeNull();
      const gateways = dt.calls.filter((c) => c.method === 'gateway').length;
      const ch = w.app.channels.get('dingtalk')!;
      const to = { channel: 'dingtalk' as const, chatId: 'cidWorker==' };
      const replies = [{ text: '第一条' }, { text: '第二条' }];
      const before = dt.sent().length;
      // The first attempt sends 第一条 and fails on 第二条; the retry (as the queue would) sends only 第二条.
      dt.passNext();
      dt.failNext(503, { code: 'ServiceUnavailable', message: '服务暂不可用' });
      const failed = await ch.send(to, replies, { deliveryId: 'bc:9:dingtalk:cidWorker==' }).catch((e: unknown) => e);
      expect((failed as ChannelError).failure).toEqual({ kind: 'transient' });
      await ch.send(to, replies, { deliveryId: 'bc:9:dingtalk:cidWorker==' });
      const calls = dt.sent().slice(before);
      expect(calls.map((c) => [contentOf(c).text, c.status])).toEqual([
        ['第一条', 200],
        ['第二条', 503],
        ['第二条', 200],
      ]);
      expect(dt.calls.filter((c) => c.method === 'gateway').length).toBe(gateways);
    } finally {
      await w.close();
    }
  });
});

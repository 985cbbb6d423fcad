import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEISHU_APP_INTERVAL_MS, FEISHU_CHAT_INTERVAL_MS } from '../../src/outbound/limits.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { waitReport } from '../jobs/helpers.js';
import { type FakeFeishu, startFakeFeishu } from './fake-feishu.js';

let fs: FakeFeishu;
let t: TestApp;

beforeAll(async () => {
  fs = await startFakeFeishu();
  t = await startTestApp({
    ADMINS: 'web:boss',
    FEISHU_APP_ID: 'cli_a5f3c2b1d4e6f789',
    FEISHU_APP_SECRET: 'fake-secret',
    FEISHU_MODE: 'webhook',
    FEISHU_VERIFICATION_TOKEN: 'tok',
    FEISHU_DOMAIN: fs.url,
  });
});
afterAll(async () => {
  await t?.close();
  await fs?.close();
});

describe('feishu delivery through the queue', () => {
  it('a broadcast to 100 chats: once each, ≤ 50/s app-wide, a 429 rescheduled, a removed bot unsubscribed', async () => {
    const svc = t.app.services.calendar;
    const chats = Array.from({ length: 100 }, (_, i) => `oc_bc${String(i).padStart(3, '0')}`);
    for (const c of chats) await svc.subscribe({ channel: 'feishu', chatId: c });
    fs.removeBotFrom('oc_bc007');
    fs.failNext(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '1' });

    const id = await svc.sendBroadcast({ text: '本周五下午召开“两争一树”推进会，请各单位派员参加。', by: 'web:boss' });
    const report = await waitReport(t, id, (s) => s.sent === 99 && s.failed === 1, 30_000);

    expect(report.failed).toEqual([{ conv: 'feishu:oc_bc007', reason: expect.stringContaining('gone') }]);
    expect(await svc.getSubscription({ channel: 'feishu', chatId: 'oc_bc007' })).toBeNull();

    // Exactly once per reachable chat, with the delivery id as Feishu's uuid.
    const got = fs.delivered().filter((c) => c.method === 'create');
    expect(got).toHaveLength(99);
    expect(new Set(got.map((c) => c.target)).size).toBe(99);
    expect(got.every((c) => typeof c.body['uuid'] === 'string' && String(c.body['uuid']).length <= 50)).toBe(true);

    // App-wide pacing: slots are FEISHU_APP_INTERVAL_MS apart; arrival jitters by the HTTP call's own time.
    const times = fs
      .sent('create')
      .map((c) => c.at)
      .sort((a, b) => a - b);
    const span = times.at(-1)! - times[0]!;
    expect(span).toBeGreaterThanOrEqual((times.length - 1) * FEISHU_APP_INTERVAL_MS * 0.8);
    // In any one second, at most 50 sends (plus the jitter of one).
    for (let i = 0; i < times.length; i++) {
      const inSecond = times.filter((x) => x >= times[i]! && x < times[i]! + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(51);
    }
    const limited = (await t.app.deps.metrics.deliveries.get()).values.find(
      (v) => v.labels['channel'] === 'feishu' && v.labels['result'] === 'rate_limited',
    );
    expect(limited?.value).toBe(1);
  }, 40_000);

  it('keeps one chat at ≤ 5 messages/s (one per FEISHU_CHAT_INTERVAL_MS)', async () => {
    const svc = t.app.services.calendar;
    await svc.subscribe({ channel: 'feishu', chatId: 'oc_paced' }, ['district:paced']);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(await svc.sendBroadcast({ text: `通知 ${i}`, tag: 'district:paced', by: 'web:boss' }));
    for (const id of ids) await waitReport(t, id, (s) => s.pending === 0, 20_000);
    const times = fs
      .sent('create')
      .filter((c) => c.target === 'oc_paced')
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(FEISHU_CHAT_INTERVAL_MS * 0.85);
  }, 30_000);
});

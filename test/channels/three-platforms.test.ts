import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DINGTALK_APP_INTERVAL_MS, FEISHU_APP_INTERVAL_MS } from '../../src/outbound/limits.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { waitReport } from '../jobs/helpers.js';
import { contentOf, dingtalkEnv } from './dingtalk-helpers.js';
import { type FakeDingTalk, startFakeDingTalk } from './fake-dingtalk.js';
import { type FakeFeishu, startFakeFeishu } from './fake-feishu.js';
import { BOT_ID, BOT_SECRET, type FakeWecom, startFakeWecom, until } from './fake-wecom.js';

// One app with Feishu (webhook), DingTalk (webhook) and WeCom (long connection) on at once, each
// against its loopback fake: one broadcast reaches 100 chats on each platform, once per chat.
let fs: FakeFeishu;
let dt: FakeDingTalk;
let wc: FakeWecom;
let t: TestApp;

beforeAll(async () => {
  [fs, dt, wc] = await Promise.all([startFakeFeishu(), startFakeDingTalk(), startFakeWecom()]);
  t = await startTestApp({
    ADMINS: 'web:boss',
    FEISHU_APP_ID: 'cli_a5f3c2b1d4e6f789',
    FEISHU_APP_SECRET: 'fake-secret',
    FEISHU_MODE: 'webhook',
    FEISHU_VERIFICATION_TOKEN: 'tok',
    FEISHU_DOMAIN: fs.url,
    ...dingtalkEnv(dt),
    WECOM_BOT_ID: BOT_ID,
    WECOM_BOT_SECRET: BOT_SECRET,
    WECOM_WS_URL: wc.url,
  });
  await until(() => wc.live() === 1);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([fs?.close(), dt?.close(), wc?.close()]);
});

/** Most sends that fall in any one second. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! < sorted[i]! - 999) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('one broadcast to 300 chats on Feishu, DingTalk and WeCom', () => {
  it('is delivered exactly once per chat within each platform’s limits, and the status report lists all 300', async () => {
    const svc = t.app.services.calendar;
    const n = (i: number) => String(i).padStart(3, '0');
    const chats = {
      feishu: Array.from({ length: 100 }, (_, i) => `oc_three${n(i)}`),
      dingtalk: Array.from({ length: 100 }, (_, i) => `cidThree${n(i)}==`),
      wecom: Array.from({ length: 100 }, (_, i) => `wrkThree${n(i)}`),
    };
    for (const [channel, ids] of Object.entries(chats))
      for (const chatId of ids) await svc.subscribe({ channel: channel as 'feishu', chatId }, ['district:three']);

    const text = '“两争一树”年终总结会定于12月18日召开，请各单位按时报送材料。';
    const id = await svc.sendBroadcast({ text, tag: 'district:three', by: 'web:boss' });
    const report = await waitReport(t, id, (s) => s.pending === 0, 90_000);

    const expected = Object.entries(chats).flatMap(([channel, ids]) => ids.map((c) => `${channel}:${c}`));
    expect(report.total).toBe(300);
    expect(report.sent).toBe(300);
    expect(report.failed).toEqual([]);
    expect(new Set(report.delivered)).toEqual(new Set(expected));

    // Each platform's fake saw each of its chats exactly once.
    const feishu = fs.sent('create').filter((c) => chats.feishu.includes(c.target));
    const dingtalk = dt
      .sent()
      .filter((c) => chats.dingtalk.includes(c.target) && contentOf(c).text.includes('年终总结会'));
    const wecom = wc.accepted('aibot_send_msg').filter((c) => chats.wecom.includes(String(c.body['chatid'])));
    for (const [got, ids] of [
      [feishu.map((c) => c.target), chats.feishu],
      [dingtalk.map((c) => c.target), chats.dingtalk],
      [wecom.map((c) => String(c.body['chatid'])), chats.wecom],
    ] as const) {
      expect(got).toHaveLength(100);
      expect(new Set(got)).toEqual(new Set(ids));
    }

    // App-wide limits: Feishu 50/s, DingTalk 20/s (one send of jitter allowed).
    expect(busiestSecond(feishu.map((c) => c.at))).toBeLessThanOrEqual(1000 / FEISHU_APP_INTERVAL_MS + 1);
    expect(busiestSecond(dingtalk.map((c) => c.at))).toBeLessThanOrEqual(1000 / DINGTALK_APP_INTERVAL_MS + 1);

    // The staff-facing status report names the 300 deliveries.
    const [status] = await t.chat({ userId: 'boss', chatId: 'office', text: `/broadcast status ${id}` });
    expect(status!.text).toContain('300');
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WECOM_CHAT_INTERVAL_MS } from '../../src/outbound/limits.js';
import { ChannelError } from '../../src/errors.js';
import { type TestApp, channelOf, fakeClock, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { waitReport } from '../jobs/helpers.js';
import { BOT_ID, BOT_SECRET, type FakeWecom, startFakeWecom, until, wecomFixture } from './fake-wecom.js';

let wc: FakeWecom;
let t: TestApp;
const GROUP = 'wrkSFfCgAAtMQKg4xoDKLhGpB5XqbMZA';

type Rec = Record<string, unknown>;
const md = (c: { body: Rec }) => String((c.body['markdown'] as Rec | undefined)?.['content'] ?? '');

beforeAll(async () => {
  wc = await startFakeWecom();
  // 08:58:59.6 in Shanghai: an event at 09:00 reminded 1 minute before is due in 0.4 s.
  t = await startTestApp(
    { ADMINS: 'web:boss', WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: BOT_SECRET, WECOM_WS_URL: wc.url },
    { clock: fakeClock('2026-06-10T00:58:59.600Z') },
  );
  await until(() => wc.live() === 1);
});
afterAll(async () => {
  await t?.close();
  await wc?.close();
});

describe('wecom reminders and broadcasts, pushed with aibot_send_msg through the queue', () => {
  it('a group subscribes with "@bot /subscribe" and gets the reminder pushed, once', async () => {
    const handled = await handledCount(t.app, 'wecom');
    const reqId = wc.push(wecomFixture('text_group_mention', { text: { content: '@RobotA /subscribe' } }));
    await waitHandled(t.app, 'wecom', handled, { timeoutMs: 15_000 });
    const ack = wc.calls.find((c) => c.reqId === reqId);
    expect(String((ack?.body['stream'] as Rec | undefined)?.['content'])).toContain('已订阅');

    await t.chat({ userId: 'boss', chatId: 'office', text: '/event add 演讲比赛 6月10日上午9点 市工人文化宫 提醒=1m' });
    await until(() => wc.accepted('aibot_send_msg').some((c) => md(c).includes('【活动提醒】')), 15_000);
    const reminders = wc.accepted('aibot_send_msg').filter((c) => md(c).includes('【活动提醒】'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toMatchObject({ chatid: GROUP, msgtype: 'markdown' });
    expect(md(reminders[0]!)).toContain('市工人文化宫');
  }, 30_000);

  it('a broadcast to 100 chats: once each, the status report lists them; a rate limit reschedules; a removed bot unsubscribes', async () => {
    const svc = t.app.services.calendar;
    const chats = Array.from({ length: 100 }, (_, i) => `wrkBc${String(i).padStart(3, '0')}`);
    for (const c of chats) await svc.subscribe({ channel: 'wecom', chatId: c }, ['district:bc']);
    wc.removeBotFrom('wrkBc007');
    wc.failNext(45009, 'api freq out of limit', 'aibot_send_msg');

    const id = await svc.sendBroadcast({ text: '本周五下午召开“两争一树”推进会。', tag: 'district:bc', by: 'web:boss' });
    const report = await waitReport(t, id, (s) => s.sent === 99 && s.failed === 1, 40_000);

    expect(report.failed).toEqual([{ conv: 'wecom:wrkBc007', reason: expect.stringContaining('gone') }]);
    expect(new Set(report.delivered)).toEqual(new Set(chats.filter((c) => c !== 'wrkBc007').map((c) => `wecom:${c}`)));
    expect(await svc.getSubscription({ channel: 'wecom', chatId: 'wrkBc007' })).toBeNull();

    const got = wc.accepted('aibot_send_msg').filter((c) => md(c).includes('推进会'));
    expect(got).toHaveLength(99);
    expect(new Set(got.map((c) => c.body['chatid'])).size).toBe(99);
    const limited = (await t.app.deps.metrics.deliveries.get()).values.find(
      (v) => v.labels['channel'] === 'wecom' && v.labels['result'] === 'rate_limited',
    );
    expect(limited?.value).toBe(1);
  }, 60_000);

  it(`keeps one chat at ≤ 20 messages a minute (one per ${WECOM_CHAT_INTERVAL_MS} ms)`, async () => {
    const svc = t.app.services.calendar;
    await svc.subscribe({ channel: 'wecom', chatId: 'wrkPaced' }, ['district:paced']);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await svc.sendBroadcast({ text: `通知 ${i}`, tag: 'district:paced', by: 'web:boss' }));
    for (const id of ids) await waitReport(t, id, (s) => s.pending === 0, 20_000);
    const times = wc
      .accepted('aibot_send_msg')
      .filter((c) => c.body['chatid'] === 'wrkPaced')
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(WECOM_CHAT_INTERVAL_MS * 0.85);
  }, 30_000);

  it('a push WeCom never acks (the SDK times out after 5 s) counts as sent, and is not sent twice', async () => {
    const svc = t.app.services.calendar;
    await svc.subscribe({ channel: 'wecom', chatId: 'wrkSilent' }, ['district:silent']);
    wc.silenceNext('aibot_send_msg');
    const id = await svc.sendBroadcast({ text: '无回执的通知', tag: 'district:silent', by: 'web:boss' });
    const report = await waitReport(t, id, (s) => s.pending === 0, 20_000);
    expect(report.delivered).toEqual(['wecom:wrkSilent']);
    expect(wc.calls.filter((c) => c.body['chatid'] === 'wrkSilent')).toHaveLength(1);
  }, 30_000);

  it('a worker process (no connection of its own) pushes through the holder; errcodes come back as they were', async () => {
    const worker = await startTestApp(
      { WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: BOT_SECRET, WECOM_WS_URL: wc.url, REDIS_PREFIX: t.config.REDIS_PREFIX },
      { role: 'worker' },
    );
    try {
      const opened = wc.connections();
      const ch = channelOf(worker.app, 'wecom');
      await ch.send({ channel: 'wecom', chatId: 'wrkRelayed' }, [{ text: '【活动提醒】经工作进程转发' }]);
      const got = wc.accepted('aibot_send_msg').filter((c) => c.body['chatid'] === 'wrkRelayed');
      expect(got).toHaveLength(1);
      expect(md(got[0]!)).toContain('经工作进程转发');
      expect(wc.connections()).toBe(opened);
      expect(wc.live()).toBe(1);

      wc.removeBotFrom('wrkRelayGone');
      const err = await ch.send({ channel: 'wecom', chatId: 'wrkRelayGone' }, [{ text: '通知' }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).failure).toEqual({ kind: 'gone' });
    } finally {
      await worker.app.stop();
    }
  }, 30_000);
});

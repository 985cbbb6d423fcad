import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { type FakeBotApi, startFakeBotApi } from './fixtures/fake-bot-api.js';
import { range, startWithTelegram, subscribeChats, waitReport } from './helpers.js';

let api: FakeBotApi | null = null;
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  await api?.close();
  t = null;
  api = null;
});

describe('delivery through the real Telegram client under platform faults', () => {
  it('a 429 reschedules only that chat (retry_after) and the others go on', async () => {
    api = await startFakeBotApi();
    t = await startWithTelegram(api);
    const chats = range(2001, 6);
    await subscribeChats(t, chats);
    api.fault('2001', { kind: '429', retryAfter: 2, times: 1 });
    const started = Date.now();
    const id = await t.app.services.calendar.sendBroadcast({ text: '429 测试', by: 'web:boss' });
    await api.waitDelivered(5, 10_000);
    const othersDone = Date.now() - started;
    expect(api.countFor('2001')).toBe(0);
    expect(othersDone).toBeLessThan(1900);
    const r = await waitReport(t, id, (s) => s.sent === 6);
    expect(r.failed).toEqual([]);
    const late = api.deliveries.find((d) => d.chatId === '2001')!;
    expect(late.at - started).toBeGreaterThanOrEqual(2000);
    for (const c of chats) expect(api.countFor(c)).toBe(1);
    expect(api.calls.get('2001')).toBe(2);
  });

  it('a 429 storm on every chat ends with each chat served exactly once', async () => {
    api = await startFakeBotApi();
    t = await startWithTelegram(api);
    const chats = range(4001, 40);
    await subscribeChats(t, chats);
    api.fault('*', { kind: '429', retryAfter: 1, times: 60 });
    const id = await t.app.services.calendar.sendBroadcast({ text: '风暴', by: 'web:boss' });
    const r = await waitReport(t, id, (s) => s.sent === 40, 25_000);
    expect(r.failed).toEqual([]);
    for (const c of chats) expect(api.countFor(c)).toBe(1);
    expect(api.deliveries).toHaveLength(40);
  });

  it('a chat that is gone is reported and unsubscribed, not retried; transient errors retry', async () => {
    api = await startFakeBotApi();
    t = await startWithTelegram(api);
    await subscribeChats(t, ['3001', '3002', '3003', '3004']);
    api.fault('3001', { kind: 'kicked' });
    api.fault('3002', { kind: 'not_found' });
    api.fault('3004', { kind: '500', times: 1 });
    const svc = t.app.services.calendar;
    const id = await svc.sendBroadcast({ text: '通知', by: 'web:boss' });
    const r = await waitReport(t, id, (s) => s.pending === 0, 15_000);
    expect(r.sent).toBe(2);
    expect(r.failed.map((f) => [f.conv, f.reason]).sort()).toEqual([
      ['telegram:3001', 'gone'],
      ['telegram:3002', 'gone'],
    ]);
    expect(api.calls.get('3001')).toBe(1);
    expect(api.calls.get('3002')).toBe(1);
    expect(api.calls.get('3004')).toBe(2);
    expect(api.countFor('3004')).toBe(1);
    const subs = (await svc.listSubscriptions()).map((s) => s.convId).sort();
    expect(subs).toEqual(['telegram:3003', 'telegram:3004']);
    // The report from chat says why.
    const report = await t.chat({ userId: 'boss', chatId: 'office', text: `/broadcast status ${id}` });
    expect(report[0]!.text).toContain('telegram:3001: gone');
  });

  it('keeps a group under its per-minute limit and Telegram under its global rate', async () => {
    api = await startFakeBotApi();
    t = await startWithTelegram(api, { TELEGRAM_GROUP_RATE_PER_MINUTE: '120', TELEGRAM_RATE_PER_SECOND: '10' });
    const svc = t.app.services.calendar;
    await subscribeChats(t, ['-100500']);
    for (let i = 0; i < 4; i++) await svc.sendBroadcast({ text: `群消息 ${i}`, by: 'web:boss' });
    await api.waitDelivered(4, 10_000);
    const at = api.deliveries.map((d) => d.at).sort((a, b) => a - b);
    // Slots are 500 ms apart when taken; arrival jitters by the HTTP call's own time.
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(400);
    expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(1400);

    await svc.unsubscribe({ channel: 'telegram', chatId: '-100500' });
    await subscribeChats(t, range(5001, 30));
    const before = api.deliveries.length;
    const started = Date.now();
    await svc.sendBroadcast({ text: '限速', by: 'web:boss' });
    await api.waitDelivered(before + 30, 15_000);
    const secs = (Date.now() - started) / 1000;
    // 30 messages at ≤ 10/s, one per 100 ms: about three seconds, never a burst.
    expect(secs).toBeGreaterThanOrEqual(2.5);
    const times = api.deliveries.slice(before).map((d) => d.at);
    for (const t0 of times) expect(times.filter((x) => x >= t0 && x < t0 + 1000).length).toBeLessThanOrEqual(11);
  });
});

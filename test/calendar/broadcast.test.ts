import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIcs } from '../../src/calendar/ics.js';
import { fakeClock, startTestApp, type TestApp, waitQueuesIdle } from '../helpers/app.js';
import { updates, waitFor } from './helpers.js';

const STAFF = { userId: 'boss', chatId: 'office' };
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ ADMINS: 'web:boss' }, { clock: fakeClock('2026-05-12T02:00:00Z') });
  await t.chat({ text: '/subscribe', chatId: 'a', userId: 'u1' });
  await t.chat({ text: '/subscribe district:滨湖', chatId: 'b', userId: 'u2' });
});
afterAll(async () => {
  await t.close();
});

const sentTexts = async (chat: string) => (await updates(t, chat)).map((m) => m.text);

describe('broadcasts from chat', () => {
  it('previews with a recipient count and confirm buttons, then delivers and reports', async () => {
    const preview = await t.chat({ ...STAFF, text: '/broadcast 本周五下午召开“两争一树”推进会，请各单位派员参加。' });
    expect(preview[0]!.text).toContain('将群发给 2 个会话');
    expect(preview[0]!.confirm).toBe(true);
    const confirm = preview[0]!.choices!.find((c) => c.label === '确认发送')!;
    expect(confirm.value).toMatch(/^bc:confirm:[0-9a-f]{8}$/);
    expect(Buffer.byteLength(confirm.value)).toBeLessThanOrEqual(64);

    const queued = await t.chat({ ...STAFF, action: confirm.value });
    const id = /编号 (\S+?)。/.exec(queued[0]!.text)![1]!;
    await waitFor(async () => (await sentTexts('a')).some((x) => x.includes('推进会')), 8000, 'chat a');
    await waitFor(async () => (await sentTexts('b')).some((x) => x.includes('推进会')), 8000, 'chat b');
    const report = await waitFor(
      async () => {
        const r = await t.chat({ ...STAFF, text: `/broadcast status ${id}` });
        return r[0]!.text.includes('已送达 2') ? r : undefined;
      },
      5000,
      'report',
    );
    expect(report[0]!.text).toContain('失败 0');
    const svc = t.app.services.calendar;
    expect(await svc.broadcastReport(id)).toMatchObject({ total: 2, sent: 2, failed: [], pending: 0 });
    expect((await svc.listBroadcasts()).map((b) => b.id)).toContain(id);
    // The same button pressed again is stale; nothing is sent twice.
    const again = await t.chat({ ...STAFF, action: confirm.value });
    expect(again[0]!.text).toContain('失效');
    await waitQueuesIdle(t);
    expect((await sentTexts('a')).filter((x) => x.includes('推进会'))).toHaveLength(1);
  });

  it('sends to a tag only; cancel sends nothing; only staff may confirm', async () => {
    const preview = await t.chat({ ...STAFF, text: '/broadcast #district:滨湖 滨湖区职工演讲比赛报名截止到6月1日。' });
    expect(preview[0]!.text).toContain('将群发给 1 个会话');
    const [confirm, cancel] = preview[0]!.choices!;
    const stranger = await t.chat({ userId: 'u1', chatId: 'a', action: confirm!.value });
    expect(stranger[0]!.text).toContain('权限');
    await t.chat({ ...STAFF, action: confirm!.value });
    await waitFor(async () => (await sentTexts('b')).some((x) => x.includes('滨湖区')), 8000, 'tagged chat');
    await waitQueuesIdle(t);
    expect((await sentTexts('a')).some((x) => x.includes('滨湖区'))).toBe(false);

    const p2 = await t.chat({ ...STAFF, text: '/broadcast 这条不会发出' });
    const cancelled = await t.chat({ ...STAFF, action: p2[0]!.choices![1]!.value });
    expect(cancelled[0]!.text).toContain('没有发送');
    expect(cancel!.value).toMatch(/^bc:cancel:/);
    await waitQueuesIdle(t);
    expect((await sentTexts('a')).some((x) => x.includes('不会发出'))).toBe(false);
  });

  it('answers bad input with what was expected', async () => {
    expect((await t.chat({ ...STAFF, text: '/broadcast' }))[0]!.text).toContain('用法');
    expect((await t.chat({ ...STAFF, text: '/broadcast #nobody 你好' }))[0]!.text).toContain('没有可以发送的会话');
    expect((await t.chat({ ...STAFF, lang: 'en', text: '/broadcast status nope' }))[0]!.text).toContain(
      'No broadcast with id nope',
    );
    expect((await t.chat({ ...STAFF, text: '/broadcast status nope' }))[0]!.text).toContain('没有编号为 nope 的群发');
    expect((await t.chat({ userId: 'u1', text: '/broadcast 你好' }))[0]!.text).toContain('权限');
    expect((await t.chat({ chatId: 'c', userId: 'u3', text: '/subscribe quiet=25:00-01:00' }))[0]!.text).toContain(
      '免打扰时段',
    );
    expect((await t.chat({ chatId: 'c', userId: 'u3', text: '/subscribe 坏 标签!' }))[0]!.text).toContain('标签');
    expect((await t.chat({ chatId: 'c', userId: 'u3', text: '/unsubscribe' }))[0]!.text).toContain('没有订阅');
  });

  it('unsubscribe removes a chat from later broadcasts', async () => {
    await t.chat({ text: '/subscribe', chatId: 'tmp', userId: 'u9' });
    const svc = t.app.services.calendar;
    expect((await svc.previewBroadcast('x')).recipients).toBe(3);
    expect((await t.chat({ text: '/unsubscribe', chatId: 'tmp', userId: 'u9' }))[0]!.text).toContain('已退订');
    expect((await svc.previewBroadcast('x')).recipients).toBe(2);
  });
});

describe('iCalendar', () => {
  it('serves upcoming events as text/calendar and imports a file idempotently', async () => {
    await t.chat({ ...STAFF, text: '/event add 演讲比赛 6月15日下午2点 市工人文化宫' });
    const res = await fetch(`${t.url}/calendar.ics`);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const body = await res.text();
    expect(body).toContain('BEGIN:VCALENDAR');
    expect(body).toContain('SUMMARY:演讲比赛');
    expect(body).toContain('LOCATION:市工人文化宫');
    // Timed events in TIMEZONE, with its VTIMEZONE (issue 14).
    expect(body).toContain('DTSTART;TZID=Asia/Shanghai:20260615T140000');
    expect(body).toContain('TZID:Asia/Shanghai');
    // Month-only seed events are all-day spans of their month(s).
    expect(body).toMatch(/DTSTART;VALUE=DATE:20260601/);

    const svc = t.app.services.calendar;
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:abc-123@example.org',
      'DTSTAMP:20260501T000000Z',
      'DTSTART:20260620T010000Z',
      'DTEND:20260620T030000Z',
      'SUMMARY:读书分享会',
      'LOCATION:市总工会三楼',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(await importIcs(svc, ics, 'Asia/Shanghai', 'cli')).toMatchObject({ added: 1 });
    expect(await importIcs(svc, ics, 'Asia/Shanghai', 'cli')).toMatchObject({ added: 0, unchanged: 1 });
    const ev = (await svc.listEvents()).find((e) => e.title === '读书分享会')!;
    expect(ev.start).toBe('2026-06-20T09:00:00.000+08:00');
    expect(ev.place).toBe('市总工会三楼');
  });
});

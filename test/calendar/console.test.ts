import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient, addStaff } from '../admin/client.js';
import { type TestApp, fakeClock, startTestApp } from '../helpers/app.js';

const PASSWORD = 'correct-horse-battery';
let t: TestApp;
let c: ConsoleClient;

beforeAll(async () => {
  // Tuesday 12 May 2026, 10:00 in Shanghai.
  t = await startTestApp({}, { clock: fakeClock('2026-05-12T02:00:00Z') });
  await addStaff(t, 'wang', PASSWORD, 'staff');
  c = new ConsoleClient(t.url, '192.0.2.44');
  expect((await c.login('wang', PASSWORD)).status).toBe(303);
});
afterAll(async () => {
  await t?.close();
});

const text = async (path: string) => (await c.get(path)).text();

describe('console: repeating and all-day events', () => {
  it('adds a weekly series with the picker, shows its rule and next dates, skips one date, keeps the rule on an untouched edit', async () => {
    let token = await c.csrf('/admin/calendar');
    const bad = await c.post('/admin/calendar/events', {
      _csrf: token,
      title: '职工读书会',
      start: '2026-05-19T19:00',
      repeat: 'weekly',
      end: 'count',
      count: '0',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('重复设置不对');
    const ok = await c.post('/admin/calendar/events', {
      _csrf: token,
      title: '职工读书会',
      start: '2026-05-19T19:00',
      place: '市工人文化宫',
      repeat: 'weekly',
      byday: 'TU',
      end: 'count',
      count: '4',
    });
    expect(ok.status).toBe(303);
    const where = ok.headers.get('location')!;
    const page = await text(where);
    expect(page).toContain('每周二 19:00，共4次');
    expect(page).toMatch(/2026-05-19 19:00[\s\S]*2026-05-26 19:00[\s\S]*2026-06-02 19:00/);
    expect(page).toContain('<option value="weekly" selected>');
    const list = await text('/admin/calendar');
    expect(list).toContain('每周二 19:00，共4次');
    const id = where.split('/').pop()!;
    expect((await t.app.services.calendar.getEvent(id))!.rule).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=4');

    token = await c.csrf(where);
    const skipped = await c.post(`${where}/skip`, { _csrf: token, date: '2026-05-26' });
    expect(skipped.status).toBe(303);
    const after = await text(where);
    expect(after).toContain('已取消 2026-05-26 19:00 这一次');
    expect(after).not.toContain('<li>2026-05-26 19:00</li>');
    const none = await c.post(`${where}/skip`, { _csrf: token, date: '2026-05-27' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('那一天没有这个活动');

    // Saving the form with the picker untouched keeps the rule and its exception.
    const same = await c.post(`${where}/edit`, {
      _csrf: token,
      title: '职工读书会（三楼）',
      start: '2026-05-19T19:00',
      place: '市工人文化宫',
      repeat: 'weekly',
      byday: 'TU',
      end: 'count',
      count: '4',
    });
    expect(same.status).toBe(303);
    const e = (await t.app.services.calendar.getEvent(id))!;
    expect(e).toMatchObject({ title: '职工读书会（三楼）', rule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' });
    expect(e.exdates).toEqual(['2026-05-26T19:00:00.000+08:00']);

    // "Does not repeat" makes it a single event again.
    await c.post(`${where}/edit`, { _csrf: token, title: '职工读书会（三楼）', start: '2026-05-19T19:00', repeat: '' });
    expect((await t.app.services.calendar.getEvent(id))!.rule).toBeUndefined();
  });

  it('adds an all-day event that shows no time of day', async () => {
    const token = await c.csrf('/admin/calendar');
    const ok = await c.post('/admin/calendar/events', {
      _csrf: token,
      title: '职工健步走',
      start: '2026-06-10T00:00',
      all_day: 'on',
    });
    const page = await text(ok.headers.get('location')!);
    expect(page).toContain('2026-06-10 全天');
    expect(page).toContain('name="all_day" checked');
    expect(page).toMatch(/eve[\s\S]*2026-06-09 09:00[\s\S]*day[\s\S]*2026-06-10 09:00/);
  });
});

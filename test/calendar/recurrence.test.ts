import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { REMINDER_WINDOW_DAYS } from '../../src/calendar/reminders.js';
import { fakeClock, startTestApp, type TestApp } from '../helpers/app.js';
import { updates, waitFor } from './helpers.js';

const STAFF = { userId: 'boss', chatId: 'office' };
let t: TestApp | null = null;
const queues: Queue[] = [];

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close();
  await t?.close();
  t = null;
});

async function boot(nowIso: string, env: Record<string, string> = {}) {
  const clock = fakeClock(nowIso);
  t = await startTestApp({ ADMINS: 'web:boss', ...env }, { clock });
  const control = new Queue('calendar', { connection: t.app.deps.redis, prefix: t.app.deps.keys.bullPrefix });
  queues.push(control);
  return { t, clock, control };
}

const idOf = (reply: string) => /\/event edit (\S+)/.exec(reply)![1]!;
/** The delayed reminder jobs of one event. */
const pending = async (control: Queue, id: string) =>
  (await control.getDelayed(0, -1)).filter((j) => String(j.id).startsWith(`rem|${id}|`));
const reminders = async (t: TestApp, chat: string) =>
  (await updates(t, chat)).filter((m) => m.text.includes('【活动提醒】'));

describe('recurring events', () => {
  it('/event add 班组长例会 每月5日上午9点 市总工会: a monthly series, reminded once per occurrence per chat', async () => {
    // 5 June 06:59:59 in Shanghai: the 2-hour reminder of the 09:00 meeting is due in a second.
    const { t, clock, control } = await boot('2026-06-04T22:59:59Z');
    for (const chat of ['g1', 'g2']) await t.chat({ text: '/subscribe quiet=off', chatId: chat, userId: 'u1' });
    const added = (await t.chat({ ...STAFF, text: '/event add 班组长例会 每月5日上午9点 市总工会' }))[0]!.text;
    expect(added).toContain('已添加重复活动');
    expect(added).toContain('班组长例会 — 每月5日 09:00 @ 市总工会');
    expect(added).toContain('• 2026年6月5日（周五）09:00\n• 2026年7月5日（周日）09:00\n• 2026年8月5日（周三）09:00');
    const id = idOf(added);
    const e = (await t.app.services.calendar.getEvent(id))!;
    expect(e).toMatchObject({ rule: 'FREQ=MONTHLY;BYMONTHDAY=5', start: '2026-06-05T09:00:00.000+08:00' });

    // First occurrence.
    for (const chat of ['g1', 'g2']) {
      const got = await waitFor(async () => (await reminders(t, chat)).length === 1 && reminders(t, chat), 8000, chat);
      expect(got[0]!.text).toContain('“班组长例会”还有2小时开始：2026年6月5日（周五）09:00');
    }

    // A month later (July 5, 06:59:59): the July reminder's time has come.
    clock.set('2026-07-04T22:59:59Z');
    const july = Date.parse('2026-07-05T01:00:00Z');
    const job = (await pending(control, id)).find((j) => j.id === `rem|${id}|${july}|2h`)!;
    expect(job).toBeDefined();
    await job.promote();
    for (const chat of ['g1', 'g2']) {
      const got = await waitFor(async () => (await reminders(t, chat)).length === 2 && reminders(t, chat), 8000, chat);
      expect(got[1]!.text).toContain('2026年7月5日（周日）09:00');
    }

    // Run the July fan-out again (a second replica, a retry): it plans the same delivery ids, and nothing more arrives.
    await control.add('reminder', job.data, { jobId: 'again' });
    await waitFor(async () => (await control.getJob('again'))?.returnvalue === 'planned 2', 8000, 'second fan-out');
    await t.app.services.calendar.topUp();
    const status = await t.app.services.calendar.deliveryStatus(id);
    const julyRow = status.find((s) => s.occurrence === '2026-07-05T09:00:00.000+08:00' && s.lead === '2h')!;
    expect(julyRow).toMatchObject({ sent: 2, failed: 0 });
    const juneRow = status.find((s) => s.occurrence === '2026-06-05T09:00:00.000+08:00' && s.lead === '2h')!;
    expect(juneRow).toMatchObject({ sent: 2 });
    for (const chat of ['g1', 'g2']) expect(await reminders(t, chat)).toHaveLength(2);
  });

  it('a series without an end keeps a bounded number of scheduled jobs, topped up as days pass', async () => {
    const { t, clock, control } = await boot('2026-05-12T02:00:00Z');
    const added = (await t.chat({ ...STAFF, text: '/event add 晨读打卡 每天早上8点 职工书屋' }))[0]!.text;
    expect(added).toContain('每天 08:00');
    const id = idOf(added);
    // Three lead times (7d, 1d, 2h), one job per occurrence falling due in the window.
    const bound = REMINDER_WINDOW_DAYS * 3;
    expect(await pending(control, id)).toHaveLength(bound);
    await t.app.services.calendar.topUp();
    expect(await pending(control, id)).toHaveLength(bound);

    // Ten days on, the reminders due by then fire (promoted, as if their time had come); the top-up refills.
    clock.advance(10 * 86_400_000);
    const fireAt = (j: { data: unknown }) => Date.parse((j.data as { fireAt: string }).fireAt);
    const due = (await pending(control, id)).filter((j) => fireAt(j) <= clock.now().getTime());
    expect(due).toHaveLength(30);
    for (const j of due) await j.promote();
    await waitFor(
      async () => (await Promise.all(due.map((j) => control.getJobState(j.id!)))).every((s) => s === 'completed'),
      15_000,
      'fired reminders',
    );
    const r = await t.app.services.calendar.topUp();
    expect(r.series).toBe(1);
    const now = await pending(control, id);
    expect(now).toHaveLength(bound);
    const last = Math.max(...now.map(fireAt));
    expect(last).toBeLessThanOrEqual(clock.now().getTime() + REMINDER_WINDOW_DAYS * 86_400_000);
  });

  it('cancels one occurrence or the whole series, and a changed rule reschedules', async () => {
    const { t, control } = await boot('2026-05-12T02:00:00Z');
    await t.chat({ text: '/subscribe', chatId: 'g3', userId: 'u1' });
    const id = idOf((await t.chat({ ...STAFF, text: '/event add 班组长例会 每月5日上午9点 共12次' }))[0]!.text);
    const svc = t.app.services.calendar;
    expect((await t.chat({ ...STAFF, text: '/event list' }))[0]!.text).toContain(
      '班组长例会 — 每月5日 09:00，共12次（下次：2026年6月5日（周五）09:00）',
    );
    const june = Date.parse('2026-06-05T01:00:00Z');
    expect((await pending(control, id)).some((j) => String(j.id).includes(`|${june}|`))).toBe(true);

    const one = (await t.chat({ ...STAFF, text: `/event cancel ${id} 6月5日` }))[0]!.text;
    expect(one).toContain('已取消“班组长例会”2026年6月5日（周五）09:00这一次');
    expect(one).toContain('• 2026年7月5日（周日）09:00');
    expect((await pending(control, id)).some((j) => String(j.id).includes(`|${june}|`))).toBe(false);
    const notice = await waitFor(async () => (await updates(t, 'g3'))[0], 8000, 'notice');
    expect(notice.text).toContain('【活动取消】“班组长例会”2026年6月5日（周五）09:00这一次取消');
    expect((await t.chat({ ...STAFF, text: `/event cancel ${id} 6月6日` }))[0]!.text).toContain('没有安排');

    const edited = (await t.chat({ ...STAFF, text: `/event edit ${id} 重复 每周二 下午3点` }))[0]!.text;
    expect(edited).toContain('每周二 15:00');
    expect(edited).toContain('• 2026年5月12日（周二）15:00');
    const jobs = await pending(control, id);
    expect(jobs.some((j) => String(j.id).includes(`|${Date.parse('2026-07-05T01:00:00Z')}|`))).toBe(false);
    expect(jobs.some((j) => String(j.id).includes(`|${Date.parse('2026-05-19T07:00:00Z')}|`))).toBe(true);
    const changed = await waitFor(async () => (await updates(t, 'g3'))[1], 8000, 'change notice');
    expect(changed.text).toContain('时间：每月5日 09:00，共12次 → 每周二 15:00');

    expect((await t.chat({ ...STAFF, text: `/event cancel ${id}` }))[0]!.text).toContain('已取消活动');
    expect(await pending(control, id)).toHaveLength(0);
    expect((await svc.listEvents({ from: t.app.deps.clock.now() })).some((e) => e.id === id)).toBe(false);
  });

  it('an all-day event shows no time and is reminded at ALL_DAY_REMINDER_HOUR the day before and on the day', async () => {
    // 9 June 09:59:59 in Shanghai; reminders at 10:00.
    const { t } = await boot('2026-06-09T01:59:59Z', { ALL_DAY_REMINDER_HOUR: '10' });
    await t.chat({ text: '/subscribe', chatId: 'g4', userId: 'u1' });
    const added = (await t.chat({ ...STAFF, text: '/event add 职工健步走 6月10日 全天 太湖广场' }))[0]!.text;
    expect(added).toContain('职工健步走 — 2026年6月10日（周三）全天 @ 太湖广场');
    const id = idOf(added);
    const msg = await waitFor(async () => (await updates(t, 'g4'))[0], 8000, 'all-day reminder');
    expect(msg.text).toContain('【活动提醒】“职工健步走”明天举行：2026年6月10日（周三）全天');
    expect(msg.text).not.toMatch(/\d\d:\d\d/);
    const st = await t.app.services.calendar.deliveryStatus(id);
    expect(st.map((s) => [s.lead, s.fireAt, s.sent])).toEqual([
      ['eve', '2026-06-09T02:00:00.000Z', 1],
      ['day', '2026-06-10T02:00:00.000Z', 0],
    ]);
    const en = (await t.chat({ ...STAFF, lang: 'en', text: '/events' }))[0]!.text;
    expect(en).toContain('Wed 10 Jun 2026 all day');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock, startTestApp, type TestApp, waitQueuesIdle } from '../helpers/app.js';
import { updates, waitFor } from './helpers.js';

const STAFF = { userId: 'boss', chatId: 'office' };
let t: TestApp | null = null;

afterEach(async () => {
  await t?.close();
  t = null;
});

async function boot(nowIso: string, env: Record<string, string> = {}) {
  const clock = fakeClock(nowIso);
  t = await startTestApp({ ADMINS: 'web:boss', ...env }, { clock });
  return { t, clock };
}

describe('calendar reminders through the web chat', () => {
  it('adds an event by position and reminds a subscribed chat at its lead time', async () => {
    // 08:58:59 in Shanghai; the event is at 09:00, reminded 1 minute before → due in 1 s.
    const { t } = await boot('2026-06-10T00:58:59Z');
    const sub = await t.chat({ text: '/subscribe', chatId: 'g1', userId: 'u1' });
    expect(sub[0]!.text).toContain('已订阅');
    const added = await t.chat({ ...STAFF, text: '/event add 演讲比赛 6月10日上午9点 市工人文化宫 提醒=1m' });
    expect(added[0]!.text).toContain('演讲比赛');
    expect(added[0]!.text).toContain('2026年6月10日');
    expect(added[0]!.text).toContain('市工人文化宫');

    const msgs = await waitFor(
      async () => {
        const m = await updates(t, 'g1');
        return m.length ? m : undefined;
      },
      8000,
      'reminder',
    );
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.text).toContain('【活动提醒】');
    expect(msgs[0]!.text).toContain('演讲比赛');
    expect(msgs[0]!.text).toContain('1分钟');
    expect(msgs[0]!.text).toContain('地点：市工人文化宫');
    // Exactly once, even after every queued job has run.
    await waitQueuesIdle(t);
    expect(await updates(t, 'g1')).toHaveLength(1);
    const id = /\/event edit (\S+)/.exec(added[0]!.text)![1]!;
    const st = await t.app.services.calendar.deliveryStatus(id);
    expect(st[0]).toMatchObject({ lead: '1m', sent: 1, failed: 0 });
  });

  it('accepts the pipe form and refuses bad input with the expected format', async () => {
    const { t } = await boot('2026-05-12T02:00:00Z');
    const ok = await t.chat({ ...STAFF, text: '/event add 知识竞赛 | 2026-06-15 14:00 | 市图书馆 | 全市职工参加' });
    expect(ok[0]!.text).toContain('2026年6月15日（周一）14:00');
    const noDate = await t.chat({ ...STAFF, text: '/event add 演讲比赛 市工人文化宫' });
    expect(noDate[0]!.text).toContain('没有找到活动时间');
    const badDate = await t.chat({ ...STAFF, text: '/event add 演讲比赛 | 下个月吧 | 市工人文化宫' });
    expect(badDate[0]!.text).toContain('看不懂这个时间');
    const worker = await t.chat({ userId: 'nobody', text: '/event add 演讲比赛 6月15日' });
    expect(worker[0]!.text).toContain('权限');
    const list = await t.chat({ ...STAFF, text: '/event list' });
    expect(list[0]!.text).toContain('知识竞赛');
  });

  it('moves a reminder due in quiet hours to the next allowed minute, per chat', async () => {
    // 21:59:59 local; event at 22:01 reminded 1 minute before = 22:00, inside 22:00-08:00.
    const { t } = await boot('2026-06-10T13:59:59Z');
    await t.chat({ text: '/subscribe', chatId: 'quiet', userId: 'u1' });
    await t.chat({ text: '/subscribe quiet=off', chatId: 'night-owls', userId: 'u2' });
    const added = await t.chat({ ...STAFF, text: '/event add 夜间值班交接 6月10日晚上10点01分 提醒=1m' });
    const id = /\/event edit (\S+)/.exec(added[0]!.text)![1]!;
    await waitFor(
      async () => (await updates(t, 'night-owls')).length > 0,
      8000,
      'reminder to the chat without quiet hours',
    );
    const st = await t.app.services.calendar.deliveryStatus(id);
    expect(st[0]!.sent).toBe(1);
    expect(st[0]!.scheduled).toBe(1);
    // Next 08:00 in Shanghai = 00:00 UTC the next day.
    expect(st[0]!.chats['web:quiet']).toBe('scheduled:2026-06-11T00:00:00.000Z');
    expect(await updates(t, 'quiet')).toHaveLength(0);

    // The event moves before the morning: the waiting reminder is for the old time and is dropped.
    await t.chat({ ...STAFF, text: `/event edit ${id} 时间 6月11日上午10点` });
    const { Queue } = await import('bullmq');
    const q = new Queue('deliver-web', { connection: t.app.deps.redis, prefix: t.app.deps.keys.bullPrefix });
    const waiting = (await q.getDelayed()).filter((j) => String(j.id).startsWith(`rem|${id}|`));
    expect(waiting).toHaveLength(1);
    await waiting[0]!.promote(); // as if 08:00 had come
    await q.close();
    await waitFor(
      async () =>
        Object.values(await t.app.deps.redis.hgetall(t.app.deps.keys.eventDeliveries(id))).includes(
          'skipped:event changed',
        ),
      5000,
      'stale reminder dropped',
    );
    const notices = (await updates(t, 'quiet')).map((m) => m.text);
    expect(notices.some((x) => x.includes('【活动提醒】'))).toBe(false);
    expect(notices.some((x) => x.includes('【活动变更】'))).toBe(true);
  });

  it('edit reschedules and tells subscribers; cancel removes pending reminders', async () => {
    const { t } = await boot('2026-05-12T02:00:00Z');
    await t.chat({ text: '/subscribe', chatId: 'g2', userId: 'u1' });
    const added = await t.chat({ ...STAFF, text: '/event add 职工书画展 6月15日下午2点 市工人文化宫' });
    const id = /\/event edit (\S+)/.exec(added[0]!.text)![1]!;
    const svc = t.app.services.calendar;
    expect((await svc.deliveryStatus(id)).map((s) => [s.lead, s.pending])).toEqual([
      ['7d', true],
      ['1d', true],
      ['2h', true],
    ]);
    const edited = await t.chat({ ...STAFF, text: `/event edit ${id} 时间 6月16日下午3点 地点 太湖广场` });
    expect(edited[0]!.text).toContain('已修改');
    const notice = await waitFor(async () => (await updates(t, 'g2'))[0], 8000, 'change notice');
    expect(notice.text).toContain('【活动变更】');
    expect(notice.text).toContain('时间：2026年6月15日（周一）14:00 → 2026年6月16日（周二）15:00');
    expect(notice.text).toContain('地点：市工人文化宫 → 太湖广场');
    const st = await svc.deliveryStatus(id);
    expect(st.map((s) => s.fireAt)).toEqual([
      '2026-06-09T07:00:00.000Z',
      '2026-06-15T07:00:00.000Z',
      '2026-06-16T05:00:00.000Z',
    ]);
    expect(st.every((s) => s.pending)).toBe(true);
    // The old reminder jobs are gone.
    const control = await t.app.deps.redis.keys(`${t.config.REDIS_PREFIX}bull:calendar:rem|${id}|*`);
    expect(control.filter((k) => k.includes(String(Date.parse('2026-06-15T06:00:00Z'))))).toEqual([]);

    const cancelled = await t.chat({ ...STAFF, text: `/event cancel ${id}` });
    expect(cancelled[0]!.text).toContain('已取消');
    const notices = await waitFor(
      async () => {
        const m = await updates(t, 'g2');
        return m.length >= 2 ? m : undefined;
      },
      8000,
      'cancel notice',
    );
    expect(notices[1]!.text).toContain('【活动取消】');
    expect((await svc.deliveryStatus(id)).some((s) => s.pending)).toBe(false);
    const upcoming = await t.chat({ text: '/events', chatId: 'g2', userId: 'u1' });
    expect(upcoming[0]!.text).not.toContain('职工书画展');
  });

  it('seeds month-only events from the campaign document and reminds on the 1st', async () => {
    // 1 June 08:59:59 local: the June activities remind at 09:00 on the 1st.
    const { t } = await boot('2026-06-01T00:59:59Z');
    await t.chat({ text: '/subscribe', chatId: 'g3', userId: 'u1' });
    const list = await t.chat({ text: '/events', chatId: 'g3', userId: 'u1' });
    expect(list[0]!.text).toContain('演讲比赛');
    expect(list[0]!.text).toContain('2026年6月（具体日期待定）');
    expect(list[0]!.text).toContain('现场经验交流会');
    expect(list[0]!.text).not.toContain('职工艺术节'); // May is over
    const msgs = await waitFor(
      async () => {
        const m = await updates(t, 'g3');
        return m.length >= 1 ? m : undefined;
      },
      8000,
      'month reminder',
    );
    await waitQueuesIdle(t);
    // Only June's activity starts this month (知识竞赛 started in May).
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.text).toContain('本月活动');
    expect(msgs[0]!.text).toContain('演讲比赛');
    // Seeding is idempotent: a second start adds nothing.
    const before = (await t.app.services.calendar.listEvents()).length;
    const { seedCalendar } = await import('../../src/calendar/seed.js');
    expect(await seedCalendar(t.app.services.calendar, t.app.deps.clock.now(), 'Asia/Shanghai')).toBe(0);
    expect((await t.app.services.calendar.listEvents()).length).toBe(before);
  });
});

describe('seeded month-only events become exact', () => {
  it('staff set the exact date of a seeded activity; its reminders switch to lead times', async () => {
    const { t } = await boot('2026-05-12T02:00:00Z');
    const svc = t.app.services.calendar;
    expect((await svc.deliveryStatus('seed-2026-speech')).map((s) => [s.lead, s.pending])).toEqual([['month', true]]);
    const r = await t.chat({ ...STAFF, text: '/event edit seed-2026-speech 时间 6月20日下午2点 地点 市工人文化宫' });
    expect(r[0]!.text).toContain('2026年6月20日（周六）14:00');
    const e = (await svc.getEvent('seed-2026-speech'))!;
    expect(e.monthOnly).toBe(false);
    expect(e.seed).toBeUndefined();
    expect((await svc.deliveryStatus('seed-2026-speech')).map((s) => s.lead)).toEqual(['7d', '1d', '2h']);
    const bad = await t.chat({ ...STAFF, text: '/event edit seed-2026-speech 时间 后年吧' });
    expect(bad[0]!.text).toContain('看不懂这个时间');
    const unknown = await t.chat({ ...STAFF, text: '/event edit 999 时间 6月20日' });
    expect(unknown[0]!.text).toContain('没有编号为 999 的活动');
  });
});

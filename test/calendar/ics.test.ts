import { readFileSync } from 'node:fs';
import path from 'node:path';
import nodeIcal from 'node-ical';
import { afterEach, describe, expect, it } from 'vitest';
import { importIcs } from '../../src/calendar/ics.js';
import { nextOccurrences, occurrences } from '../../src/calendar/recurrence.js';
import type { CalEvent } from '../../src/calendar/types.js';
import { fakeClock, startTestApp, type TestApp } from '../helpers/app.js';

const TZ = 'Asia/Shanghai';
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/calendar', name), 'utf8');
let t: TestApp | null = null;

afterEach(async () => {
  await t?.close();
  t = null;
});

async function boot(): Promise<TestApp> {
  t = await startTestApp({ ADMINS: 'web:boss' }, { clock: fakeClock('2026-05-20T02:00:00Z') });
  return t;
}

const byTitle = (events: CalEvent[], title: string) => events.find((e) => e.title === title)!;

/** The VEVENT blocks of an .ics body, unfolded. */
function vevents(body: string): string[] {
  const unfolded = body.replace(/\r\n[ \t]/g, '');
  return [...unfolded.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map((m) => m[1]!);
}

describe('iCalendar import and export of a Google Calendar export', () => {
  it('keeps the weekly series as one rule, the all-day event all-day and the timed event in Asia/Shanghai; twice changes nothing', async () => {
    const t = await boot();
    const svc = t.app.services.calendar;
    const body = fixture('google-export.ics');
    expect(await importIcs(svc, body, TZ, 'cli')).toEqual({ added: 3, updated: 0, unchanged: 0, skipped: 0 });
    const before = JSON.stringify(await svc.listEvents());
    expect(await importIcs(svc, body, TZ, 'cli')).toEqual({ added: 0, updated: 0, unchanged: 3, skipped: 0 });
    expect(JSON.stringify(await svc.listEvents())).toBe(before);

    const events = await svc.listEvents();
    const series = byTitle(events, '职工读书会');
    expect(series.rule).toBe('FREQ=WEEKLY;COUNT=4;BYDAY=TU');
    expect(series.place).toBe('市工人文化宫三楼');
    expect(nextOccurrences(series, t.app.deps.clock.now(), 10, TZ).map((d) => d.toISO())).toEqual([
      '2026-06-02T19:00:00.000+08:00',
      '2026-06-09T19:00:00.000+08:00',
      '2026-06-16T19:00:00.000+08:00',
      '2026-06-23T19:00:00.000+08:00',
    ]);
    const allDay = byTitle(events, '建党节主题党日');
    expect(allDay).toMatchObject({ allDay: true, start: '2026-07-01T00:00:00.000+08:00' });
    expect(allDay.end).toBeUndefined();
    // 09:00 in Berlin (summer time, +02:00) is 15:00 in Shanghai.
    expect(byTitle(events, '中德职工交流视频会').start).toBe('2026-06-18T15:00:00.000+08:00');

    const res = await fetch(`${t.url}/calendar.ics`);
    const feed = await res.text();
    const blocks = vevents(feed);
    const weekly = blocks.filter((b) => b.includes('SUMMARY:职工读书会'));
    expect(weekly).toHaveLength(1);
    expect(weekly[0]).toContain('RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=TU');
    expect(weekly[0]).toContain('DTSTART;TZID=Asia/Shanghai:20260602T190000');
    expect(weekly[0]).toContain('UID:7h2kc9v4l3ufp0s1m8b5qe6r2t@google.com');
    const party = blocks.find((b) => b.includes('SUMMARY:建党节主题党日'))!;
    expect(party).toContain('DTSTART;VALUE=DATE:20260701');
    expect(party).toContain('DTEND;VALUE=DATE:20260702');
    const video = blocks.find((b) => b.includes('SUMMARY:中德职工交流视频会'))!;
    expect(video).toContain('DTSTART;TZID=Asia/Shanghai:20260618T150000');
    expect(video).toContain('DTEND;TZID=Asia/Shanghai:20260618T163000');
    expect(feed).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai');

    // The feed read back by another calendar (node-ical) expands to the same four meetings…
    const back = Object.values(nodeIcal.sync.parseICS(feed)).find(
      (c) => c?.type === 'VEVENT' && String((c as nodeIcal.VEvent).summary) === '职工读书会',
    ) as nodeIcal.VEvent;
    expect(String(back.rrule)).toContain('RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=TU');
    // …and imported here again it changes nothing (same UIDs).
    expect(await importIcs(svc, feed, TZ, 'cli')).toMatchObject({ added: 0, updated: 0 });
  });

  it('keeps EXDATEs, modified instances (RECURRENCE-ID) and a rule in its own zone across summer time', async () => {
    const t = await boot();
    const svc = t.app.services.calendar;
    const body = fixture('google-exceptions.ics');
    expect(await importIcs(svc, body, TZ, 'cli')).toEqual({ added: 3, updated: 0, unchanged: 0, skipped: 0 });
    expect(await importIcs(svc, body, TZ, 'cli')).toEqual({ added: 0, updated: 0, unchanged: 3, skipped: 0 });
    const events = await svc.listEvents();
    const monthly = byTitle(events, '班组长例会');
    const from = new Date('2026-05-01T00:00:00Z');
    const to = new Date('2027-06-01T00:00:00Z');
    // August is an EXDATE, July moved to its own event; UNTIL includes 5 December.
    expect(occurrences(monthly, from, to, TZ).map((d) => d.toFormat('MM-dd HH:mm'))).toEqual([
      '06-05 09:00',
      '09-05 09:00',
      '10-05 09:00',
      '11-05 09:00',
      '12-05 09:00',
    ]);
    const moved = byTitle(events, '班组长例会（改期）');
    expect(moved).toMatchObject({
      seriesId: monthly.id,
      recurrenceId: '2026-07-05T09:00:00.000+08:00',
      start: '2026-07-06T14:00:00.000+08:00',
      place: '市总工会二楼会议室',
    });
    // No reminder for the moved or the excluded occurrence; the moved instance has its own.
    const jobs = (await t.app.deps.redis.keys(`${t.config.REDIS_PREFIX}bull:calendar:rem|${monthly.id}|*`)).join(' ');
    expect(jobs).toContain(`|${Date.parse('2026-06-05T01:00:00Z')}|`);
    expect(jobs).not.toContain(`|${Date.parse('2026-07-05T01:00:00Z')}|`);
    expect(jobs).not.toContain(`|${Date.parse('2026-08-05T01:00:00Z')}|`);
    const own = await t.app.deps.redis.keys(`${t.config.REDIS_PREFIX}bull:calendar:rem|${moved.id}|*`);
    expect(own.length).toBeGreaterThan(0);

    // 18:00 in Berlin stays 18:00 when summer time ends (25 October): +6 h, then +7 h in Shanghai.
    const berlin = byTitle(events, '柏林伙伴工会例会');
    expect(berlin.tz).toBe('Europe/Berlin');
    expect(occurrences(berlin, from, to, TZ).map((d) => d.toISO())).toEqual([
      '2026-10-21T00:00:00.000+08:00',
      '2026-10-28T01:00:00.000+08:00',
    ]);

    const blocks = vevents(await (await fetch(`${t.url}/calendar.ics`)).text());
    const series = blocks.find((b) => b.includes('SUMMARY:班组长例会\r\n'))!;
    const rrule = /RRULE:(\S+)/.exec(series)![1]!.split(';').sort();
    expect(rrule).toEqual(['BYMONTHDAY=5', 'FREQ=MONTHLY', 'UNTIL=20261205T010000Z']);
    expect(series).toContain('EXDATE;TZID=Asia/Shanghai:20260805T090000');
    const instance = blocks.find((b) => b.includes('SUMMARY:班组长例会（改期）'))!;
    expect(instance).toContain('UID:m0nthly5th@google.com');
    expect(instance).toContain('RECURRENCE-ID;TZID=Asia/Shanghai:20260705T090000');
    expect(instance).toContain('DTSTART;TZID=Asia/Shanghai:20260706T140000');
    const b = blocks.find((x) => x.includes('SUMMARY:柏林伙伴工会例会'))!;
    expect(b).toContain('DTSTART;TZID=Europe/Berlin:20261020T180000');

    // Cancelling the series cancels its modified instance too.
    await svc.cancelEvent(monthly.id, 'test');
    expect((await svc.getEvent(moved.id))!.status).toBe('cancelled');
    expect(await t.app.deps.redis.keys(`${t.config.REDIS_PREFIX}bull:calendar:rem|${moved.id}|*`)).toEqual([]);
  });
});

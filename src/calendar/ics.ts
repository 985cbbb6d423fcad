import type { FastifyInstance } from 'fastify';
import ical from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Deps } from '../core/deps.js';
import type { CalendarService } from './service.js';
import type { CalEvent } from './types.js';

import { OWN_UID } from './ics-import.js';

export { importIcs } from './ics-import.js';

/** VTIMEZONE blocks from the tz database (timezones-ical-library), for every zone the feed uses. */
function vtimezone(tz: string): string | null {
  const block = tzlib_get_ical_block(tz);
  const text = Array.isArray(block) ? block[0] : block;
  return text?.startsWith('BEGIN:VTIMEZONE') ? text : null;
}

const icsLocal = (d: DateTime, allDay: boolean) => d.toFormat(allDay ? 'yyyyMMdd' : "yyyyMMdd'T'HHmmss");

/** RRULE and EXDATE lines of a series (EXDATE in the rule's zone, or as dates for an all-day series). */
function repeating(e: CalEvent, tz: string): string {
  const lines = [`RRULE:${e.rule}`];
  const ex = (e.exdates ?? []).map((x) => DateTime.fromISO(x, { zone: tz }));
  if (ex.length) {
    lines.push(
      e.allDay
        ? `EXDATE;VALUE=DATE:${ex.map((d) => icsLocal(d, true)).join(',')}`
        : `EXDATE;TZID=${tz}:${ex.map((d) => icsLocal(d, false)).join(',')}`,
    );
  }
  return lines.join('\n');
}

/**
 * The iCalendar feed of upcoming events (webcal-subscribable): timed events in TIMEZONE (or a
 * series' own zone) with their VTIMEZONE, all-day and month-only events as VALUE=DATE, a series as
 * one VEVENT with RRULE and EXDATE, and a modified instance as a VEVENT with the series' UID and
 * RECURRENCE-ID.
 */
export function buildIcs(events: CalEvent[], zone: string, publicUrl?: string): string {
  const cal = ical({
    name: '两争一树活动日程 / Campaign calendar',
    // No calendar-wide zone (it would write DTSTAMP in local time); each timed event names its own.
    timezone: { name: null, generator: vtimezone },
    ttl: 3600,
  });
  if (publicUrl) cal.url(new URL('/calendar.ics', publicUrl).toString());
  const byId = new Map(events.map((e) => [e.id, e]));
  for (const e of events) {
    const tz = e.tz ?? zone;
    const start = DateTime.fromISO(e.start, { zone: tz });
    const dated = e.monthOnly || e.allDay;
    let end: DateTime;
    if (e.monthOnly)
      end = DateTime.fromISO(e.end ?? e.start, { zone })
        .startOf('month')
        .plus({ months: 1 });
    else if (e.allDay)
      end = DateTime.fromISO(e.end ?? e.start, { zone: tz })
        .startOf('day')
        .plus({ days: 1 });
    else end = e.end ? DateTime.fromISO(e.end, { zone: tz }) : start.plus({ hours: 2 });
    const series = e.seriesId ? byId.get(e.seriesId) : undefined;
    const ev = cal.createEvent({
      id: e.uid ?? series?.uid ?? `${e.seriesId ?? e.id}${OWN_UID}`,
      summary: e.monthOnly ? `${e.title}（具体日期待定）` : e.title,
      start: e.monthOnly ? start.startOf('month') : start,
      end,
      allDay: dated,
      stamp: DateTime.fromISO(e.updatedAt),
    });
    if (!dated) ev.timezone(tz);
    if (e.rule) ev.repeating(repeating(e, tz));
    if (e.recurrenceId) ev.recurrenceId(DateTime.fromISO(e.recurrenceId, { zone: tz }));
    if (e.place) ev.location(e.place);
    if (e.description) ev.description(e.description);
  }
  return cal.toString();
}

/** The feed holds at most this many upcoming events (the rest are in the console and /events). */
export const ICS_MAX_EVENTS = 2000;
const ICS_CACHE_MS = 60_000;

/**
 * GET /calendar.ics, built once per change of the events (a version counter in Redis) and minute,
 * shared by concurrent requests, and capped: a large calendar cannot starve the server.
 */
export function icsRoute(deps: Deps, calendar: Pick<CalendarService, 'listEvents'>) {
  let cached: { key: string; body: Promise<string> } | null = null;
  const build = async () => {
    const events = await calendar.listEvents({ from: deps.clock.now() });
    return buildIcs(events.slice(0, ICS_MAX_EVENTS), deps.config.TIMEZONE, deps.config.PUBLIC_URL);
  };
  return (app: FastifyInstance) => {
    app.get('/calendar.ics', async (_req, reply) => {
      const version = (await deps.redis.get(deps.keys.eventsVersion())) ?? '0';
      const key = `${version}:${Math.floor(deps.clock.now().getTime() / ICS_CACHE_MS)}`;
      if (cached?.key !== key) {
        const body = build();
        cached = { key, body };
        body.catch(() => {
          if (cached?.body === body) cached = null;
        });
      }
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="calendar.ics"')
        .header('cache-control', 'public, max-age=60')
        .send(await cached.body);
    });
  };
}

import { DateTime } from 'luxon';
import rrule from 'rrule';
import type { Options } from 'rrule';
import type { CalEvent } from './types.js';

const { RRule } = rrule;

/**
 * Recurring events on the `rrule` library (RFC 5545). An event's `rule` is the RRULE value
 * ("FREQ=MONTHLY;BYMONTHDAY=5;COUNT=12", UNTIL in UTC), its `start` the DTSTART. Rules are
 * expanded in the wall-clock time of the event's zone (`tz`, else TIMEZONE) the way the rrule
 * documentation recommends: local times as "floating" UTC dates, turned back into real instants
 * with luxon afterwards, so 09:00 stays 09:00 across daylight-saving changes.
 */

export type Recurring = Pick<CalEvent, 'start' | 'rule' | 'exdates' | 'moved' | 'tz' | 'allDay'>;

/** Never expand more than this many occurrences in one call (an HOURLY rule from an import, say). */
export const MAX_EXPAND = 500;

const floating = (d: DateTime): Date =>
  new Date(Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second, d.millisecond));
const unfloat = (d: Date, zone: string): DateTime =>
  DateTime.fromObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    },
    { zone },
  );

/** Parse an RRULE value; null when it is not one rrule can read. */
export function parseRule(rule: string): Partial<Options> | null {
  try {
    const o = RRule.parseString(rule.replace(/^RRULE:/i, ''));
    return o.freq === undefined ? null : o;
  } catch {
    return null;
  }
}

function build(e: Recurring, zone: string) {
  const o = e.rule ? parseRule(e.rule) : null;
  if (!o) return null;
  const rz = e.tz ?? zone;
  const start = DateTime.fromISO(e.start, { zone: rz });
  const opts: Partial<Options> = { ...o, dtstart: floating(start), tzid: null };
  if (o.until) opts.until = floating(DateTime.fromJSDate(o.until, { zone: rz }));
  return { r: new RRule(opts), rz };
}

function excluded(e: Recurring): Set<number> {
  return new Set([...(e.exdates ?? []), ...(e.moved ?? [])].map((s) => Date.parse(s)));
}

/**
 * Occurrence starts of an event in [from, to] (inclusive), in `zone`, without its exception dates
 * and moved instances. A single event has one occurrence, its start.
 */
export function occurrences(e: Recurring, from: Date, to: Date, zone: string, limit = MAX_EXPAND): DateTime[] {
  const b = build(e, zone);
  if (!b) {
    const s = Date.parse(e.start);
    return s >= from.getTime() && s <= to.getTime() ? [DateTime.fromISO(e.start, { zone })] : [];
  }
  const skip = excluded(e);
  const out: DateTime[] = [];
  const f = floating(DateTime.fromJSDate(from, { zone: b.rz }).minus({ days: 1 }));
  const t = floating(DateTime.fromJSDate(to, { zone: b.rz }).plus({ days: 1 }));
  b.r.between(f, t, true, (d) => {
    const dt = unfloat(d, b.rz);
    const ms = dt.toMillis();
    if (ms >= from.getTime() && ms <= to.getTime() && !skip.has(ms)) out.push(dt.setZone(zone));
    return out.length < limit;
  });
  return out;
}

/** The next `n` occurrences starting at or after `after`. */
export function nextOccurrences(e: Recurring, after: Date, n: number, zone: string): DateTime[] {
  const b = build(e, zone);
  if (!b) return Date.parse(e.start) >= after.getTime() ? [DateTime.fromISO(e.start, { zone })] : [];
  const skip = excluded(e);
  const out: DateTime[] = [];
  let cursor = floating(DateTime.fromJSDate(after, { zone: b.rz }).minus({ days: 1 }));
  for (let guard = 0; out.length < n && guard < MAX_EXPAND; guard++) {
    const d = b.r.after(cursor, false);
    if (!d) break;
    cursor = d;
    const dt = unfloat(d, b.rz);
    if (dt.toMillis() >= after.getTime() && !skip.has(dt.toMillis())) out.push(dt.setZone(zone));
  }
  return out;
}

/** Is `startIso` one of the event's occurrences (a reminder planned for it still holds)? */
export function isOccurrence(e: Recurring, startIso: string, zone: string): boolean {
  const ms = Date.parse(startIso);
  if (!e.rule) return ms === Date.parse(e.start);
  const d = new Date(ms);
  return occurrences(e, d, d, zone, 1).length === 1;
}

/**
 * The first occurrence of `rule` at or after `now`, at the wall-clock time of `dtstart` (the DTSTART
 * a new series gets: RFC 5545 wants DTSTART to be an occurrence, and COUNT counts from it).
 */
export function firstStart(rule: string, dtstart: DateTime, now: Date): DateTime | null {
  const probe: Recurring = { start: dtstart.toISO()!, rule };
  return nextOccurrences(probe, now, 1, dtstart.zoneName ?? 'UTC')[0] ?? null;
}

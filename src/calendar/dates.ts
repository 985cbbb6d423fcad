import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { parseChineseInt } from '../core/zh-numerals.js';

/**
 * Forgiving Chinese (and ISO) date parsing for the calendar, relative to "now" in a time zone:
 * "6月15日下午2点", "2026-06-15 14:00", "下周三", "明天上午9点半", "6月份" (month only), "十一月".
 *
 * chrono-node's zh-Hans parsers read the day, weekday and time of day. Around them sit the
 * calendar's own rules: a linear scan finds where a date may start (chrono itself is quadratic on
 * long runs of spaces or digits, so it only ever sees a short window), month-only events ("6月份"),
 * ISO dates with a `T`, "下下周", 09:00 when no time is given (a period alone picks a typical hour),
 * an impossible day (2月30日) refused, and a day without a year that already passed rolls forward.
 */

export interface ParsedDate {
  start: DateTime;
  /** Only the month is known (e.g. "6月份", "十一月"). */
  monthOnly: boolean;
  /** A time of day was given. */
  timeKnown: boolean;
}

export interface FoundDate extends ParsedDate {
  /** Where the expression sits in the original text. */
  index: number;
  length: number;
}

const NUM = '(?:\\d{1,2}|[一二两三四五六七八九十]{1,3})';
/** Where a date can start: an ISO date, "N月" (with an optional year), a relative day, a weekday. */
const ANCHOR = new RegExp(
  `\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|(?:\\d{4}年)?${NUM}月|大后天|今天|明天|后天|今晚|(?:这|本|下下|下)?个?(?:周|星期|礼拜)[一二三四五六日天]`,
  'g',
);
const ISO = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?/y;
// "6月份", "十一月", "2026年6月" — never the month of a day ("6月15日", nor the impossible "2月30日").
const MONTH_ONLY = new RegExp(`(?:(\\d{4})年)?(${NUM})月份?(?![ \\t]{0,3}${NUM}[日号])`, 'y');
const PERIODS: Record<string, number> = {
  凌晨: 6,
  早上: 8,
  早晨: 8,
  上午: 9,
  中午: 12,
  午后: 14,
  下午: 14,
  傍晚: 18,
  晚上: 19,
  今晚: 19,
};
const PERIOD_RE = new RegExp(Object.keys(PERIODS).join('|'));
/** chrono never needs more than this many characters after an anchor. */
const WINDOW = 40;
/** A text with more anchors than this is not an event line; stop looking. */
const MAX_ANCHORS = 200;

/** chrono works in the process's local time: hand it "now" as a local date with the zone's wall clock. */
function chronoRef(now: DateTime): Date {
  return new Date(now.year, now.month - 1, now.day, now.hour, now.minute, now.second);
}

/** 09:00 when no time is known; a period alone ("明天上午") picks its typical hour. */
function defaultHour(text: string): { hour: number; known: boolean } {
  const p = PERIOD_RE.exec(text)?.[0];
  return p ? { hour: PERIODS[p]!, known: true } : { hour: 9, known: false };
}

function fromChrono(r: chrono.ParsedResult, now: DateTime): ParsedDate | null {
  const c = r.start;
  if (!c.isCertain('day') && !c.isCertain('weekday')) return null; // a month alone, or a bare time
  const day = DateTime.fromObject(
    { year: c.get('year') ?? now.year, month: c.get('month') ?? now.month, day: c.get('day') ?? now.day },
    { zone: now.zone },
  );
  if (!day.isValid) return null;
  const t = c.isCertain('hour')
    ? { hour: c.get('hour') ?? 9, minute: c.get('minute') ?? 0, known: true }
    : { ...defaultHour(r.text), minute: 0 };
  if (t.hour > 23 || t.minute > 59) return null;
  return {
    start: day.set({ hour: t.hour, minute: t.minute, second: 0, millisecond: 0 }),
    monthOnly: false,
    timeKnown: t.known,
  };
}

function isoAt(text: string, i: number, now: DateTime): { r: ParsedDate | null; length: number } | null {
  ISO.lastIndex = i;
  const m = ISO.exec(text);
  if (!m) return null;
  const day = DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { zone: now.zone });
  if (!day.isValid) return { r: null, length: m[0].length };
  if (m[4] === undefined)
    return { r: { start: day.set({ hour: 9 }), monthOnly: false, timeKnown: false }, length: m[0].length };
  const h = +m[4];
  const min = +m[5]!;
  if (h > 23 || min > 59) return { r: null, length: m[0].length };
  return { r: { start: day.set({ hour: h, minute: min }), monthOnly: false, timeKnown: true }, length: m[0].length };
}

function monthOnlyAt(text: string, i: number, now: DateTime): FoundDate | null {
  MONTH_ONLY.lastIndex = i;
  const m = MONTH_ONLY.exec(text);
  if (!m) return null;
  const month = parseChineseInt(m[2]!) ?? Number.NaN;
  if (!(month >= 1 && month <= 12)) return null;
  let year = m[1] ? Number(m[1]) : now.year;
  if (!m[1] && month < now.month) year += 1;
  const start = DateTime.fromObject({ year, month, day: 1 }, { zone: now.zone });
  return start.isValid ? { start, monthOnly: true, timeKnown: false, index: i, length: m[0].length } : null;
}

/** Find the first date expression anywhere in `text`. */
export function findDate(text: string, now: Date, zone: string): FoundDate | null {
  const base = DateTime.fromJSDate(now, { zone });
  const ref = chronoRef(base);
  ANCHOR.lastIndex = 0;
  for (let n = 0; n < MAX_ANCHORS; n++) {
    const a = ANCHOR.exec(text);
    if (!a) return null;
    const i = a.index;
    const iso = isoAt(text, i, base);
    if (iso) {
      if (iso.r) return { ...iso.r, index: i, length: iso.length };
      continue;
    }
    const month = monthOnlyAt(text, i, base);
    if (month) return month;
    const win = text.slice(i, i + WINDOW);
    const r = chrono.zh.hans.parse(win, ref, { forwardDate: true }).find((x) => x.index < a[0].length);
    const d = r ? fromChrono(r, base) : null;
    if (!r || !d) continue;
    // chrono reads "下下周一" as "下周一": one more week.
    if (a[0].startsWith('下下')) d.start = d.start.plus({ weeks: 1 });
    const end = Math.max(a[0].length, r.index + r.text.trimEnd().length);
    return { ...d, index: i, length: end };
  }
  return null;
}

/** Parse a whole string as one date ("6月15日下午2点"); null when it is not (only) a date. */
export function parseDate(text: string, now: Date, zone: string): ParsedDate | null {
  const s = text.trim();
  const f = findDate(s, now, zone);
  if (f?.index !== 0 || s.slice(f.length).trim() !== '') return null;
  return { start: f.start, monthOnly: f.monthOnly, timeKnown: f.timeKnown };
}

/**
 * A time of day at the very start of `text` ("上午9点", "下午两点半", "14:30", "晚上"), read by
 * chrono; null when there is none. Used after a recurrence ("每月5日上午9点").
 */
export function timeAtStart(
  text: string,
  now: Date,
  zone: string,
): { hour: number; minute: number; length: number } | null {
  const lead = /^[ \t]{0,3}/.exec(text)![0].length;
  // Stop before an end ("到6月30日为止", "共12次"): chrono would read "下午3点到6月30日" as a range.
  const win = text.slice(lead, lead + 20).split(/[到至共，,]/)[0]!;
  const ref = chronoRef(DateTime.fromJSDate(now, { zone }));
  const r = chrono.zh.hans.parse(win, ref).find((x) => x.index === 0 && x.start.isCertain('hour'));
  if (r && !r.start.isCertain('day') && !r.start.isCertain('month')) {
    return {
      hour: r.start.get('hour') ?? 9,
      minute: r.start.get('minute') ?? 0,
      length: lead + r.text.trimEnd().length,
    };
  }
  const p = new RegExp(`^(?:${PERIOD_RE.source})`).exec(win)?.[0];
  return p ? { hour: PERIODS[p]!, minute: 0, length: lead + p.length } : null;
}

/** "7d" / "1d" / "2h" / "30m" / "20s" → milliseconds; NaN when malformed. */
export function leadMs(lead: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(lead.trim());
  if (!m) return Number.NaN;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's'];
  return Number(m[1]) * unit;
}

/** A human label for a lead time: 7d → "7天", 2h → "2小时". */
export function leadLabel(lead: string, lang: 'zh' | 'en'): string {
  const m = /^(\d+)(s|m|h|d)$/.exec(lead);
  if (!m) return lead;
  const zh = { s: '秒', m: '分钟', h: '小时', d: '天' }[m[2] as 's'];
  const en = { s: 's', m: ' min', h: ' h', d: ' days' }[m[2] as 's'];
  return lang === 'zh' ? `${m[1]}${zh}` : `${m[1]}${en}`;
}

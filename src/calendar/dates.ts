import { DateTime } from 'luxon';
import { parseChineseInt } from '../core/zh-numerals.js';

/**
 * Forgiving Chinese (and ISO) date parsing for the calendar, relative to "now" in a time zone:
 * "6月15日下午2点", "2026-06-15 14:00", "下周三", "明天上午9点半", "6月份" (month only), "十一月".
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

/** "十一" → 11, "二十三" → 23, "9" → 9; NaN when not a number (callers range-check the result). */
function cnNumber(s: string): number {
  return parseChineseInt(s) ?? Number.NaN;
}

const N = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
const PERIOD = '(凌晨|早上|早晨|上午|中午|午后|下午|傍晚|晚上|今晚)?';
const TIME = `(?:\\s*${PERIOD}\\s*(?:(\\d{1,2})[:：](\\d{2})|${N}[点时](?:(半|一刻|三刻|\\d{1,2}分?|[一二三四五]十[一二三四五六七八九]?分?|[一二三四五六七八九十]分))?))?`;
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

type Builder = (m: RegExpExecArray, now: DateTime) => ParsedDate | null;

/** Apply a time-of-day group (period, hh, mm, cnHour, cnMinute) to a day. */
function withTime(day: DateTime, g: (string | undefined)[]): { dt: DateTime; known: boolean } | null {
  const [period, hh, mm, cnHour, cnMin] = g;
  let hour: number;
  let minute = 0;
  if (hh !== undefined) {
    hour = Number(hh);
    minute = Number(mm);
  } else if (cnHour !== undefined) {
    hour = cnNumber(cnHour);
    if (cnMin === '半') minute = 30;
    else if (cnMin === '一刻') minute = 15;
    else if (cnMin === '三刻') minute = 45;
    else if (cnMin) minute = cnNumber(cnMin.replace('分', ''));
  } else {
    // A period alone ("明天上午") picks a typical hour; nothing at all means 09:00.
    const typical: Record<string, number> = {
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
    return {
      dt: day.set({ hour: period ? (typical[period] ?? 9) : 9, minute: 0, second: 0, millisecond: 0 }),
      known: Boolean(period),
    };
  }
  if (Number.isNaN(hour) || Number.isNaN(minute)) return null;
  if (period && ['下午', '午后', '傍晚', '晚上', '今晚'].includes(period) && hour < 12) hour += 12;
  if (period === '中午' && hour < 6) hour += 12;
  if (hour > 23 || minute > 59) return null;
  return { dt: day.set({ hour, minute, second: 0, millisecond: 0 }), known: true };
}

function dayResult(day: DateTime | null, g: (string | undefined)[]): ParsedDate | null {
  if (!day?.isValid) return null;
  const t = withTime(day, g);
  return t ? { start: t.dt, monthOnly: false, timeKnown: t.known } : null;
}

/** A date without a year that already passed this year means next year. */
function rollYear(now: DateTime, month: number, day: number, explicitYear: string | undefined): DateTime | null {
  let year = explicitYear ? Number(explicitYear) : now.year;
  let d = DateTime.fromObject({ year, month, day }, { zone: now.zone });
  if (!explicitYear && d.isValid && d < now.startOf('day')) {
    year += 1;
    d = DateTime.fromObject({ year, month, day }, { zone: now.zone });
  }
  return d.isValid ? d : null;
}

const PATTERNS: [RegExp, Builder][] = [
  // 2026-06-15 14:00, 2026/6/15T14:00, 2026-06-15
  [
    /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?/y,
    (m, now) => {
      const day = DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { zone: now.zone });
      if (!day.isValid) return null;
      if (m[4] === undefined) return { start: day.set({ hour: 9 }), monthOnly: false, timeKnown: false };
      const h = +m[4];
      const min = +m[5]!;
      if (h > 23 || min > 59) return null;
      return { start: day.set({ hour: h, minute: min }), monthOnly: false, timeKnown: true };
    },
  ],
  // 2026年6月15日下午2点, 6月15号, 十一月三日
  [
    new RegExp(`(?:(\\d{4})年)?${N}月${N}[日号]${TIME}`, 'y'),
    (m, now) => dayResult(rollYear(now, cnNumber(m[2]!), cnNumber(m[3]!), m[1]), m.slice(4)),
  ],
  // 2026年6月, 6月份, 十一月 (month only) — but never the month of an impossible day such as 2月30日
  [
    new RegExp(`(?:(\\d{4})年)?${N}月份?(?!\\s*${N}[日号])`, 'y'),
    (m, now) => {
      const month = cnNumber(m[2]!);
      if (!(month >= 1 && month <= 12)) return null;
      let year = m[1] ? Number(m[1]) : now.year;
      if (!m[1] && month < now.month) year += 1;
      const start = DateTime.fromObject({ year, month, day: 1 }, { zone: now.zone });
      return start.isValid ? { start, monthOnly: true, timeKnown: false } : null;
    },
  ],
  // 今天/明天/后天/大后天 + time
  [
    new RegExp(`(今天|明天|后天|大后天)${TIME}`, 'y'),
    (m, now) => {
      const add = { 今天: 0, 明天: 1, 后天: 2, 大后天: 3 }[m[1] as '今天'];
      return dayResult(now.startOf('day').plus({ days: add }), m.slice(2));
    },
  ],
  // 下周三, 本周五, 星期六, 下下周一 + time
  [
    new RegExp(`(这|本|下下|下)?(?:个)?(周|星期|礼拜)([一二三四五六日天])${TIME}`, 'y'),
    (m, now) => {
      const target = WEEKDAY[m[3]!]!;
      const weeks = m[1] === '下' ? 1 : m[1] === '下下' ? 2 : 0;
      let day = now
        .startOf('day')
        .set({ weekday: target as 1 })
        .plus({ weeks });
      if (!m[1] && day < now.startOf('day')) day = day.plus({ weeks: 1 });
      return dayResult(day, m.slice(4));
    },
  ],
];

/** Find the first date expression anywhere in `text`. */
export function findDate(text: string, now: Date, zone: string): FoundDate | null {
  const base = DateTime.fromJSDate(now, { zone });
  for (let i = 0; i < text.length; i++) {
    for (const [re, build] of PATTERNS) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m || m[0].trim() === '') continue;
      const r = build(m, base);
      if (r) return { ...r, index: i, length: m[0].length };
    }
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

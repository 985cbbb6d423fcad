import { DateTime } from 'luxon';
import { parseChineseInt } from '../core/zh-numerals.js';
import { parseDate, timeAtStart } from './dates.js';
import { firstStart } from './recurrence.js';

/**
 * Chinese recurrence expressions for `/event add` and `/event edit`, turned into RFC 5545 rules:
 * 每天, 每周二, 每周一三五, 每月5日, 每月最后一个周五, 每年5月1日 — then an optional time of day
 * ("上午9点", read by chrono) and an optional end: "共12次" (COUNT) or "到12月31日为止" (UNTIL).
 */

export interface FoundRule {
  rule: string;
  /** The first occurrence from now: the series' DTSTART. */
  start: DateTime;
  timeKnown: boolean;
  index: number;
  length: number;
}

export type RuleError = { error: string; vars?: Record<string, string> };

const NUM = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const WD: Record<string, number> = { 一: 0, 二: 1, 三: 2, 四: 3, 五: 4, 六: 5, 日: 6, 天: 6 };
const WEEK = '(?:周|星期|礼拜)';

const FORMS: { re: RegExp; rule: (m: RegExpExecArray) => string | null }[] = [
  { re: /每(?:天|日)/y, rule: () => 'FREQ=DAILY' },
  {
    re: new RegExp(`每个?月的?(最后一个|倒数第一个|第[一二三四五1-5]个)${WEEK}([一二三四五六日天])`, 'y'),
    rule: (m) => {
      const n = m[1]!.startsWith('第') ? (parseChineseInt(m[1]!.slice(1, -1)) ?? 1) : -1;
      return `FREQ=MONTHLY;BYDAY=${n}${BYDAY[WD[m[2]!]!]}`;
    },
  },
  { re: /每个?月的?最后一天/y, rule: () => 'FREQ=MONTHLY;BYMONTHDAY=-1' },
  {
    re: new RegExp(`每个?月的?${NUM}[日号]`, 'y'),
    rule: (m) => {
      const d = parseChineseInt(m[1]!) ?? 0;
      return d >= 1 && d <= 31 ? `FREQ=MONTHLY;BYMONTHDAY=${d}` : null;
    },
  },
  {
    re: new RegExp(`每个?${WEEK}((?:[一二三四五六日天][、,，和及]?){1,7})`, 'y'),
    rule: (m) => {
      const days = [...new Set([...m[1]!].filter((c) => c in WD).map((c) => WD[c]!))].sort();
      return `FREQ=WEEKLY;BYDAY=${days.map((d) => BYDAY[d]).join(',')}`;
    },
  },
  {
    re: new RegExp(`每年${NUM}月${NUM}[日号]`, 'y'),
    rule: (m) => {
      const month = parseChineseInt(m[1]!) ?? 0;
      const day = parseChineseInt(m[2]!) ?? 0;
      // 2020 is a leap year: 每年2月29日 is a real (four-yearly) day, 2月30日 is not.
      if (!DateTime.fromObject({ year: 2020, month, day }).isValid) return null;
      return `FREQ=YEARLY;BYMONTH=${month};BYMONTHDAY=${day}`;
    },
  },
];

const COUNT = /[ \t,，]{0,3}(?:共|一共|重复)(\d{1,3}|[一二两三四五六七八九十百]{1,4})次/y;
const UNTIL = /[ \t,，]{0,3}(?:到|至|直到)([^为止\s]{1,20})(?:为止|止)/y;

const untilValue = (d: DateTime): string => d.endOf('day').toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");

/** The first recurrence expression in `text`; a RuleError for one that cannot be (每月32日, 共0次). */
export function findRule(text: string, now: Date, zone: string): FoundRule | RuleError | null {
  for (let i = text.indexOf('每'); i >= 0; i = text.indexOf('每', i + 1)) {
    for (const f of FORMS) {
      f.re.lastIndex = i;
      const m = f.re.exec(text);
      if (!m) continue;
      let rule = f.rule(m);
      if (!rule) return { error: 'calendar.bad_rule', vars: { text: m[0] } };
      let end = i + m[0].length;
      const t = timeAtStart(text.slice(end), now, zone);
      if (t) end += t.length;
      COUNT.lastIndex = end;
      UNTIL.lastIndex = end;
      const c = COUNT.exec(text);
      const u = c ? null : UNTIL.exec(text);
      if (c) {
        const n = parseChineseInt(c[1]!) ?? 0;
        if (n < 1 || n > 999) return { error: 'calendar.bad_rule', vars: { text: c[0].trim() } };
        rule += `;COUNT=${n}`;
        end += c[0].length;
      } else if (u) {
        const d = parseDate(u[1]!, now, zone);
        if (!d) return { error: 'calendar.bad_date', vars: { text: u[1]! } };
        rule += `;UNTIL=${untilValue(d.start)}`;
        end += u[0].length;
      }
      const base = DateTime.fromJSDate(now, { zone }).set({
        hour: t?.hour ?? 9,
        minute: t?.minute ?? 0,
        second: 0,
        millisecond: 0,
      });
      const start = firstStart(rule, base, now);
      if (!start) return { error: 'calendar.rule_no_dates', vars: { text: text.slice(i, end).trim() } };
      return { rule, start, timeKnown: Boolean(t), index: i, length: end - i };
    }
  }
  return null;
}

/** A whole string as a rule ("每周二 19:00 共4次"); null when it is not (only) one. */
export function parseRuleText(text: string, now: Date, zone: string): FoundRule | RuleError | null {
  const s = text.trim();
  const r = findRule(s, now, zone);
  if (!r || 'error' in r) return r;
  return r.index === 0 && s.slice(r.length).trim() === '' ? r : null;
}

export const isRuleError = (r: FoundRule | RuleError | null): r is RuleError => r !== null && 'error' in r;

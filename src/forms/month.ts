/**
 * The report month of a paragraph. Every month expression is found and classed:
 * - marked: it names the report (12月月报, 11月份情况汇报, 报告月份：2026年10月, 报10月, 上月数据, a heading
 *   “12月份：” or “2026.10 ” at the start, a title “某工会2026年11月份工作简报：”);
 * - relative: 本月/这个月 (now), 上月/上个月 (now − 1), unless a comparison (较上月, 与上月持平);
 *   当月 points back to a named month, if any;
 * - named: a month on its own (11月份培训…, 截至11月底);
 * - dated: a day (11月8日, 截至11月30日): used only when nothing else is said;
 * - background: the time of another event (今年9月已验收, 自9月以来, 12月计划, 3月份启动, 10月底举办的…):
 *   never the report month.
 * One marked month wins; else one relative month, unless a different named month competes; else one
 * named month; else one dated month. Two candidates that disagree: none, to be asked.
 */
import { DateTime } from 'luxon';
import { findMonth } from './answers.js';
import { toHalfWidth } from './numbers.js';

const MON = '(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])';
const YEAR = '(?:20\\d{2}|二〇[〇一二三四五六七八九]{2})';
/** 2026年10月, 2026.10, 2026-10, 2026/10, 十一月份, 11月: one month, with the rest of the date if any. */
const MONTH = new RegExp(
  `(?:${YEAR}\\s*年\\s*)?(?<!\\d|个|第)${MON}\\s*月(?:份)?|${YEAR}\\s*[-./]\\s*(?:1[0-2]|0?[1-9])(?![\\d.%])`,
  'g',
);
const DAY =
  /^(?:初|底|中旬|上旬|下旬|末)?\s*(?:[-./]\s*\d{1,2}(?!\d)|\d{1,2}\s*[日号]|[一二三]?十?[一二三四五六七八九十]\s*[日号])/;
/** After the month (and an optional bracket): it names the report. */
const MARK_AFTER =
  /^\s*(?:[（(][^）)]{0,12}[）)])?\s*(?:的)?(?:月报|报表|报告|汇报|情况汇报|情况|数据|报数|工作小结|小结|工作总结|总结|工作情况|工作进展|进展情况|工作汇总|汇总|工作简报|简报)/;
/** A title before the first colon or full stop that ends in a report noun (某工会11月份职工素质工程工作简报：…). */
const TITLE_END = /(?:月报|报表|报告|汇报|汇总|简报|小结|总结|通报)\s*$/;
/** Before the month: it names the report. */
const MARK_BEFORE =
  /(?:报告月份|月报月份|填报月份|所属月份|月份|报告期)\s*[：:为是]?\s*$|(?:^|[^汇])(?:补报|填报|上报|报)\s*$/;
/** After the month: another event's time or a plan, not the report. */
const BACKGROUND_AFTER =
  /^(?:(?:初|底|中旬|上旬|下旬|末)?\s*(?:已经|已|就|起|以来|开始|以后|之后|后|时|曾|将|计划|拟|准备|预计|要|便|启动|成立|举办的|举行的|召开的)|份?(?:以前|之前|前))/;
const BACKGROUND_BEFORE = /(?:自|从|于|去年|上年|前年|明年)\s*$/;
/** 较上月, 比上个月, 与上月持平, 环比上月: a comparison, not the month reported. */
const COMPARE_BEFORE = /(?:较|比|与|同|跟|和|环比|相比|对比)\s*$/;
const COMPARE_AFTER = /^(?:相比|比|持平|相当|同期|多|少|增|减|下降|提高)/;
const SPAN_AFTER = new RegExp(`^\\s*(?:至|到|—|–|-|~|～)\\s*${MON}\\s*月`);
const SPAN_BEFORE = new RegExp(`${MON}\\s*月?\\s*(?:至|到|—|–|-|~|～)\\s*$`);
const RELATIVE = /本月|这个月|这月|当月|上个月|上一个月|上月/g;

type Kind = 'marked' | 'relative' | 'named' | 'dated' | 'background' | 'anaphor';

interface Mention {
  month: string;
  kind: Kind;
}

/** The month stands in the paragraph's title: nothing but words before it, and what follows up to the first colon or full stop ends in a report noun. */
const inTitle = (s: string, start: number, end: number): boolean => {
  if (/[。；;：:，,！？!?\n]/.test(s.slice(0, start))) return false;
  const stop = s.slice(end).search(/[：:。\n]/);
  return stop >= 0 && stop <= 30 && TITLE_END.test(s.slice(end, end + stop));
};

/** The first clause of the paragraph up to a colon, comma or space: a heading when it is only the month. */
const isHeading = (s: string, start: number, end: number) =>
  /^[\s【[（(]*(?:今年|本年)?$/.test(s.slice(0, start)) && /^\s*[）)】\]]?\s*(?:[：:，,\s]|$)/.test(s.slice(end));

function mentions(s: string, now: Date, tz: string): Mention[] {
  const out: Mention[] = [];
  const here = DateTime.fromJSDate(now, { zone: tz });
  for (const m of s.matchAll(RELATIVE)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = s.slice(Math.max(0, start - 4), start);
    const after = s.slice(end, end + 16);
    if (/^份?(?:计划|将)/.test(after)) continue;
    const last = m[0].startsWith('上');
    if (s.charAt(start - 1) === '上') continue; // 上上月: two months back, a comparison
    if (last && (COMPARE_BEFORE.test(before) || COMPARE_AFTER.test(after))) continue;
    const month = (last ? here.minus({ months: 1 }) : here).toFormat('yyyy-MM');
    const marked = MARK_AFTER.test(after.replace(/^份/, '')) || isHeading(s, start, end);
    out.push({ month, kind: marked ? 'marked' : m[0] === '当月' ? 'anaphor' : 'relative' });
  }
  for (const m of s.matchAll(MONTH)) {
    const start = m.index;
    const end = start + m[0].length;
    // 本月/上月 already counted; 3个月 is a duration; 第10月 is an ordinal (both kept out by the lookbehind).
    const month = findMonth(m[0], now, tz);
    if (!month) continue;
    const before = s.slice(Math.max(0, start - 8), start);
    const after = s.slice(end, end + 16);
    let kind: Kind;
    // 9月至11月, 9-11月: a span of months is no one month (both stay named, so they clash).
    if (SPAN_AFTER.test(after) || SPAN_BEFORE.test(before)) {
      out.push({ month, kind: 'named' }, { month: 'span', kind: 'named' });
      continue;
    }
    if (MARK_BEFORE.test(before) || MARK_AFTER.test(after) || isHeading(s, start, end) || inTitle(s, start, end))
      kind = 'marked';
    else if (DAY.test(after)) kind = 'dated';
    else if (BACKGROUND_AFTER.test(after) || BACKGROUND_BEFORE.test(before)) kind = 'background';
    else kind = 'named';
    out.push({ month, kind });
  }
  return out;
}

/** The one month of the given kinds, null when none, 'clash' when they disagree. */
function one(ms: Mention[], ...kinds: Kind[]): string | null | 'clash' {
  const set = new Set(ms.filter((m) => kinds.includes(m.kind)).map((m) => m.month));
  if (set.size === 0) return null;
  return set.size === 1 ? [...set][0]! : 'clash';
}

export function paragraphMonth(text: string, now: Date, tz: string): string | null {
  const ms = mentions(toHalfWidth(text), now, tz);
  const marked = one(ms, 'marked');
  if (marked) return marked === 'clash' ? null : marked;
  const named = one(ms, 'named');
  const relative = one(ms, 'relative');
  if (relative === 'clash') {
    // 本月 and 上月 both said: 上月 is then a reference (上月累计是1个), the report is this month's.
    const thisMonth = currentMonthOf(now, tz);
    return named === null || named === thisMonth ? thisMonth : null;
  }
  if (relative) return named === null || named === relative ? relative : null;
  if (named) return named === 'clash' ? null : named;
  // Only days named: their month (10月8日到10月30日); 当月 then points back to it.
  const dated = one(ms, 'dated');
  if (dated) return dated === 'clash' ? null : dated;
  return ms.some((m) => m.kind === 'anaphor') ? currentMonthOf(now, tz) : null;
}

const currentMonthOf = (now: Date, tz: string) => DateTime.fromJSDate(now, { zone: tz }).toFormat('yyyy-MM');

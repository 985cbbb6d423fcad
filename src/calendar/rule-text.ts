import { DateTime } from 'luxon';
import rrule from 'rrule';
import type { Lang } from '../core/types.js';
import { parseRule, type Recurring } from './recurrence.js';

const { RRule } = rrule;

const ZH_DAY = ['一', '二', '三', '四', '五', '六', '日'];
const EN_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ZH_NTH = ['', '第一个', '第二个', '第三个', '第四个', '第五个'];
const EN_NTH = ['', '1st', '2nd', '3rd', '4th', '5th'];

interface Day {
  weekday: number;
  n?: number | undefined;
}

const asDays = (v: unknown): Day[] => {
  const arr = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return arr.map((d) => (typeof d === 'number' ? { weekday: d } : (d as Day)));
};
const asNums = (v: unknown): number[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(Number);

function nthZh(n: number): string {
  return n === -1 ? '最后一个' : n < 0 ? `倒数第${-n}个` : (ZH_NTH[n] ?? `第${n}个`);
}
function nthEn(n: number): string {
  return n === -1 ? 'last' : n < 0 ? `${-n}th last` : (EN_NTH[n] ?? `${n}th`);
}

/**
 * A rule in words, as the reply states it back: "每月5日 09:00，共12次", "每周一、三、五 19:00，到2026年12月31日为止",
 * "monthly on day 5 at 09:00, 12 times". Day and time come from DTSTART where the rule leaves them out.
 */
export function ruleText(e: Recurring, lang: Lang, zone: string): string {
  const o = e.rule ? parseRule(e.rule) : null;
  if (!o) return '';
  const rz = e.tz ?? zone;
  const s = DateTime.fromISO(e.start, { zone: rz });
  const interval = o.interval && o.interval > 1 ? o.interval : 1;
  let days = asDays(o.byweekday);
  const setpos = asNums(o.bysetpos)[0];
  if (setpos !== undefined) days = days.map((d) => ({ weekday: d.weekday, n: setpos }));
  const monthDays = asNums(o.bymonthday);
  const months = asNums(o.bymonth);
  const zh = lang === 'zh';
  let what: string;
  const weekdayList = (ds: Day[]) =>
    zh ? `周${ds.map((d) => ZH_DAY[d.weekday]).join('、')}` : ds.map((d) => EN_DAY[d.weekday]).join(', ');
  const nthDay = (d: Day) =>
    zh ? `${nthZh(d.n ?? 1)}周${ZH_DAY[d.weekday]}` : `the ${nthEn(d.n ?? 1)} ${EN_DAY[d.weekday]}`;
  const dayOfMonth = (d: number) => (zh ? (d === -1 ? '最后一天' : `${d}日`) : d === -1 ? 'the last day' : `day ${d}`);
  switch (o.freq) {
    case RRule.DAILY:
      what = zh ? (interval > 1 ? `每${interval}天` : '每天') : interval > 1 ? `every ${interval} days` : 'daily';
      break;
    case RRule.WEEKLY: {
      const ds = days.length ? days : [{ weekday: s.weekday - 1 }];
      what = zh
        ? `${interval > 1 ? `每${interval}周的` : '每'}${weekdayList(ds)}`
        : `${interval > 1 ? `every ${interval} weeks on ` : 'every '}${weekdayList(ds)}`;
      break;
    }
    case RRule.MONTHLY: {
      const head = zh
        ? interval > 1
          ? `每${interval}个月`
          : '每月'
        : interval > 1
          ? `every ${interval} months on `
          : 'monthly on ';
      const on = days.some((d) => d.n)
        ? days.map(nthDay).join(zh ? '、' : ', ')
        : days.length
          ? weekdayList(days)
          : (monthDays.length ? monthDays : [s.day]).map(dayOfMonth).join(zh ? '、' : ', ');
      what = `${head}${on}`;
      break;
    }
    case RRule.YEARLY: {
      const m = months[0] ?? s.month;
      const d = monthDays[0] ?? s.day;
      const nth = days.find((x) => x.n);
      what = zh
        ? `每年${m}月${nth ? nthDay(nth) : `${d}日`}`
        : `yearly on ${nth ? `${nthDay(nth)} of ${EN_MONTH[m - 1]}` : `${d} ${EN_MONTH[m - 1]}`}`;
      break;
    }
    default:
      what = zh ? `按规则重复（${e.rule}）` : new RRule({ ...o, dtstart: null }).toText();
  }
  const time = e.allDay ? '' : zh ? ` ${s.toFormat('HH:mm')}` : ` at ${s.toFormat('HH:mm')}`;
  const tzNote = rz === zone ? '' : zh ? `（${rz}）` : ` (${rz})`;
  let end = '';
  if (o.count) end = zh ? `，共${o.count}次` : `, ${o.count} times`;
  else if (o.until) {
    const u = DateTime.fromJSDate(o.until, { zone: rz });
    end = zh ? `，到${u.year}年${u.month}月${u.day}日为止` : `, until ${u.day} ${EN_MONTH[u.month - 1]} ${u.year}`;
  }
  return `${what}${time}${tzNote}${end}`;
}

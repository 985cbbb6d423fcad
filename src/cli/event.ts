import { DateTime } from 'luxon';
import { parseDate } from '../calendar/dates.js';
import { eventLine, nextLines, whenText } from '../calendar/format.js';
import { isRuleError, parseRuleText } from '../calendar/parse-rule.js';
import type { PlannedReminder } from '../calendar/reminders.js';
import { firstStart, parseRule } from '../calendar/recurrence.js';
import type { EventInput } from '../calendar/types.js';
import { parseFlags, withCliApp } from './context.js';

const USAGE = `用法 / usage:
  event add --title T --start 2026-06-15T14:00 [--place P] [--desc D] [--tag district:滨湖] [--lead 7d,1d,2h]
            [--month-only] [--all-day] [--repeat "每月5日上午9点 共12次" | --rrule "FREQ=WEEKLY;BYDAY=TU;COUNT=4"]
  event list [--all]
  event cancel ID [--on 2026-07-05]     (--on: only that date of a repeating event)
--start 也接受中文 / also accepts Chinese: "6月15日下午2点", "下周三"; with --month-only: 2026-06 or 6月.
--repeat 可代替 --start / may replace --start: 每天, 每周二, 每周一三五, 每月5日, 每月最后一个周五, 每年5月1日.
--rrule: an RFC 5545 RRULE from --start on (the first occurrence on or after it).
`;

type Timing = Pick<EventInput, 'start' | 'monthOnly' | 'rule' | 'allDay'>;

/** --repeat (Chinese), or --rrule (RFC 5545) from --start; an error text when it cannot be read. */
function repeatOf(flags: Record<string, string | true>, now: Date, zone: string): Timing | string | null {
  const allDay = flags['all-day'] === true;
  const day = (d: DateTime) => (allDay ? d.startOf('day') : d);
  if (typeof flags['repeat'] === 'string') {
    const r = parseRuleText(flags['repeat'], now, zone);
    if (!r || isRuleError(r)) return `看不懂 --repeat / cannot read --repeat "${flags['repeat']}"`;
    return { start: day(r.start).toISO()!, monthOnly: false, rule: r.rule, ...(allDay ? { allDay } : {}) };
  }
  if (typeof flags['rrule'] !== 'string') return null;
  const rule = flags['rrule'].replace(/^RRULE:/i, '');
  if (!parseRule(rule)) return `看不懂 --rrule / not an RRULE: "${rule}"`;
  const from = typeof flags['start'] === 'string' ? parseDate(flags['start'], now, zone) : null;
  if (!from) return '--rrule 需要 --start / --rrule needs --start';
  const first = firstStart(rule, from.start, from.start.toJSDate());
  if (!first) return `--rrule 没有任何日期 / "${rule}" gives no date`;
  return { start: day(first).toISO()!, monthOnly: false, rule, ...(allDay ? { allDay } : {}) };
}

function startOf(
  raw: string,
  monthOnly: boolean,
  now: Date,
  zone: string,
): { start: string; monthOnly: boolean } | null {
  if (monthOnly) {
    const m = /^(\d{4})-(\d{1,2})/.exec(raw);
    if (m) {
      const d = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone });
      return d.isValid ? { start: d.toISO()!, monthOnly: true } : null;
    }
  }
  const p = parseDate(raw, now, zone);
  if (!p) return null;
  return { start: (monthOnly ? p.start.startOf('month') : p.start).toISO()!, monthOnly: monthOnly || p.monthOnly };
}

/** At most this many scheduled reminders are listed (a series may have a hundred). */
const LIST_REMINDERS = 10;

/** What `event add` scheduled: one line per reminder (its lead and when it fires, in TIMEZONE), or why none. */
export function reminderLines(reminders: PlannedReminder[], zone: string): string[] {
  if (reminders.length === 0) {
    return ['没有安排提醒：每个提醒时间都已过去（活动太近）/ no reminder scheduled: every lead time is already past'];
  }
  const at = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm');
  const sorted = [...reminders].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
  const lines = [`已安排 ${reminders.length} 条提醒 / ${reminders.length} reminder(s) scheduled (${zone}):`];
  for (const r of sorted.slice(0, LIST_REMINDERS)) lines.push(`  ${r.lead}\t${at(r.fireAt)}`);
  if (sorted.length > LIST_REMINDERS) lines.push(`  … +${sorted.length - LIST_REMINDERS}`);
  return lines;
}

/** `npm run cli -- event add|list|cancel`: the calendar from a shell (reminders are queued for the workers). */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { flags, rest: pos } = parseFlags(rest);
  if (sub === 'add') {
    const title = typeof flags['title'] === 'string' ? flags['title'].trim() : '';
    const rawStart = typeof flags['start'] === 'string' ? flags['start'] : '';
    if (!title || (!rawStart && typeof flags['repeat'] !== 'string')) {
      process.stderr.write(`缺少 --title 或 --start / --title and --start are required\n${USAGE}`);
      return 2;
    }
    return withCliApp(async (app) => {
      const { config, clock } = app.deps;
      const repeat = repeatOf(flags, clock.now(), config.TIMEZONE);
      if (typeof repeat === 'string') {
        process.stderr.write(`${repeat}\n`);
        return 2;
      }
      const single = repeat ? null : startOf(rawStart, flags['month-only'] === true, clock.now(), config.TIMEZONE);
      const when: Timing | null =
        repeat ??
        (single && flags['all-day'] === true && !single.monthOnly
          ? {
              start: DateTime.fromISO(single.start, { zone: config.TIMEZONE }).startOf('day').toISO()!,
              monthOnly: false,
              allDay: true,
            }
          : single);
      if (!when) {
        process.stderr.write(`看不懂时间 / cannot read --start "${rawStart}" (例 / e.g. 2026-06-15T14:00)\n`);
        return 2;
      }
      const input: EventInput = { title, ...when };
      if (typeof flags['place'] === 'string') input.place = flags['place'];
      if (typeof flags['desc'] === 'string') input.description = flags['desc'];
      if (typeof flags['tag'] === 'string') input.audience = flags['tag'].split(',').filter(Boolean);
      if (typeof flags['lead'] === 'string') input.leadTimes = flags['lead'].split(',').filter(Boolean);
      const { event: e, reminders } = await app.services.calendar.addEventWithReminders(input, 'cli');
      process.stdout.write(`${e.id}\t${eventLine(e, 'zh', config.TIMEZONE)}\n`);
      if (e.rule) process.stdout.write(`${nextLines(e, 'zh', config.TIMEZONE, clock.now()).join('\n')}\n`);
      process.stdout.write(`${reminderLines(reminders, config.TIMEZONE).join('\n')}\n`);
      return 0;
    });
  }
  if (sub === 'list') {
    return withCliApp(async (app) => {
      const { config, clock } = app.deps;
      const all = flags['all'] === true;
      const events = await app.services.calendar.listEvents(
        all ? { includeCancelled: true } : { from: clock.now() },
      );
      for (const e of events) {
        const when = e.rule
          ? eventLine(e, 'zh', config.TIMEZONE, clock.now()).split(' — ')[1]!
          : whenText(e, 'zh', config.TIMEZONE);
        const cols = [e.id, e.start, when.split(' @ ')[0], e.title, e.place ?? '', e.status];
        process.stdout.write(`${cols.join('\t')}\n`);
      }
      return 0;
    });
  }
  if (sub === 'cancel' && pos[0]) {
    return withCliApp(async (app) => {
      const { config, clock } = app.deps;
      const svc = app.services.calendar;
      if (typeof flags['on'] === 'string') {
        const d = parseDate(flags['on'], clock.now(), config.TIMEZONE);
        const r = d ? await svc.cancelOccurrence(pos[0]!, d.start.toJSDate(), 'cli') : null;
        if (!d || !r || 'error' in r) {
          const why = !d ? 'cannot read --on' : !r ? 'no such event' : 'error' in r ? r.error : '';
          process.stderr.write(`不能取消这一次 / cannot cancel ${pos[0]} on ${flags['on']}: ${why}\n`);
          return 1;
        }
        process.stdout.write(`${r.event.id}\t${r.occurrence}\tcancelled\n`);
        return 0;
      }
      const e = await svc.cancelEvent(pos[0]!, 'cli');
      if (!e) {
        process.stderr.write(`没有这个活动 / no event ${pos[0]}\n`);
        return 1;
      }
      process.stdout.write(`${e.id}\tcancelled\n`);
      return 0;
    });
  }
  process.stderr.write(USAGE);
  return 2;
}

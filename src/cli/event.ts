import { DateTime } from 'luxon';
import { parseDate } from '../calendar/dates.js';
import { eventLine, whenText } from '../calendar/format.js';
import type { EventInput } from '../calendar/types.js';
import { parseFlags, withCliApp } from './context.js';

const USAGE = `用法 / usage:
  event add --title T --start 2026-06-15T14:00 [--place P] [--desc D] [--tag district:滨湖] [--lead 7d,1d,2h] [--month-only]
  event list [--all]
  event cancel ID
--start 也接受中文 / also accepts Chinese: "6月15日下午2点", "下周三"; with --month-only: 2026-06 or 6月.
`;

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

/** `npm run cli -- event add|list|cancel`: the calendar from a shell (reminders are queued for the workers). */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { flags, rest: pos } = parseFlags(rest);
  if (sub === 'add') {
    const title = typeof flags['title'] === 'string' ? flags['title'].trim() : '';
    const rawStart = typeof flags['start'] === 'string' ? flags['start'] : '';
    if (!title || !rawStart) {
      process.stderr.write(`缺少 --title 或 --start / --title and --start are required\n${USAGE}`);
      return 2;
    }
    return withCliApp(async (app) => {
      const { config, clock } = app.deps;
      const when = startOf(rawStart, flags['month-only'] === true, clock.now(), config.TIMEZONE);
      if (!when) {
        process.stderr.write(`看不懂时间 / cannot read --start "${rawStart}" (例 / e.g. 2026-06-15T14:00)\n`);
        return 2;
      }
      const input: EventInput = { title, ...when };
      if (typeof flags['place'] === 'string') input.place = flags['place'];
      if (typeof flags['desc'] === 'string') input.description = flags['desc'];
      if (typeof flags['tag'] === 'string') input.audience = flags['tag'].split(',').filter(Boolean);
      if (typeof flags['lead'] === 'string') input.leadTimes = flags['lead'].split(',').filter(Boolean);
      const e = await app.services.calendar.addEvent(input, 'cli');
      process.stdout.write(`${e.id}\t${eventLine(e, 'zh', config.TIMEZONE)}\n`);
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
        const cols = [e.id, e.start, whenText(e, 'zh', config.TIMEZONE), e.title, e.place ?? '', e.status];
        process.stdout.write(`${cols.join('\t')}\n`);
      }
      return 0;
    });
  }
  if (sub === 'cancel' && pos[0]) {
    return withCliApp(async (app) => {
      const e = await app.services.calendar.cancelEvent(pos[0]!, 'cli');
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

import { importIcs } from '../calendar/ics.js';
import { ImportCapError, checkCount, countOf, readCapped } from './caps.js';
import { withCliApp } from './context.js';

/** `npm run cli -- calendar import FILE.ics`: add or update events from an iCalendar file. */
export async function run(argv: string[]): Promise<number> {
  const [sub, file] = argv;
  if (sub !== 'import' || !file) {
    process.stderr.write('用法 / usage: calendar import FILE.ics\n');
    return 2;
  }
  let body: string;
  try {
    body = (await readCapped(file, 'ics')).toString('utf8');
  } catch (err) {
    if (err instanceof ImportCapError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    process.stderr.write(`读不到文件 / cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  if (!body.includes('BEGIN:VCALENDAR')) {
    process.stderr.write(`不是 iCalendar 文件 / not an iCalendar file: ${file}\n`);
    return 2;
  }
  try {
    checkCount(countOf(body, 'BEGIN:VEVENT'), 'ics');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  return withCliApp(async (app) => {
    const r = await importIcs(app.services.calendar, body, app.deps.config.TIMEZONE, 'cli');
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  });
}

import { DateTime } from 'luxon';
import { loadPrompt } from '../core/prompts.js';
import type { CalendarService } from './service.js';

interface SeedItem {
  key: string;
  title: string;
  /** Months from the document's 附件二 四、几项活动 ("四月—五月份" → [4, 5]). */
  months: number[];
  description: string;
}

/**
 * Seed the calendar with the campaign document's activity list for `now`'s year, as month-only
 * events until staff set exact dates. Idempotent (ids `seed-<year>-<key>`; existing events,
 * edited or not, are left alone), so it runs on every start.
 */
export async function seedCalendar(svc: CalendarService, now: Date, zone: string): Promise<number> {
  const items = JSON.parse(loadPrompt('calendar/seed.json')) as SeedItem[];
  const year = DateTime.fromJSDate(now, { zone }).year;
  let added = 0;
  for (const it of items) {
    const id = `seed-${year}-${it.key}`;
    if (await svc.getEvent(id)) continue;
    const first = DateTime.fromObject({ year, month: it.months[0]!, day: 1 }, { zone });
    const last = DateTime.fromObject({ year, month: it.months[it.months.length - 1]!, day: 1 }, { zone });
    const input: Parameters<CalendarService['addEvent']>[0] = {
      id,
      title: it.title,
      start: first.toISO()!,
      monthOnly: true,
      description: it.description,
      seed: true,
    };
    if (it.months.length > 1) input.end = last.toISO()!;
    await svc.addEvent(input, 'seed');
    added++;
  }
  return added;
}

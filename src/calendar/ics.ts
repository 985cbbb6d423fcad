import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import ical from 'ical-generator';
import { DateTime } from 'luxon';
import nodeIcal from 'node-ical';
import type { Deps } from '../core/deps.js';
import type { CalendarService } from './service.js';
import type { CalEvent } from './types.js';

/** The iCalendar feed of upcoming events (webcal-subscribable). */
export function buildIcs(events: CalEvent[], zone: string, publicUrl?: string): string {
  const cal = ical({ name: '两争一树活动日程 / Campaign calendar', timezone: null, ttl: 3600 });
  if (publicUrl) cal.url(new URL('/calendar.ics', publicUrl).toString());
  for (const e of events) {
    const start = DateTime.fromISO(e.start, { zone });
    const ev = cal.createEvent({
      id: `${e.id}@union-desk`,
      summary: e.monthOnly ? `${e.title}（具体日期待定）` : e.title,
      start: e.monthOnly ? start.startOf('month') : start,
      end: e.monthOnly
        ? DateTime.fromISO(e.end ?? e.start, { zone })
            .startOf('month')
            .plus({ months: 1 })
        : e.end
          ? DateTime.fromISO(e.end, { zone })
          : start.plus({ hours: 2 }),
      allDay: e.monthOnly,
      stamp: DateTime.fromISO(e.updatedAt),
    });
    if (e.place) ev.location(e.place);
    if (e.description) ev.description(e.description);
  }
  return cal.toString();
}

export function icsRoute(deps: Deps, calendar: Pick<CalendarService, 'listEvents'>) {
  return (app: FastifyInstance) => {
    app.get('/calendar.ics', async (_req, reply) => {
      const events = await calendar.listEvents({ from: deps.clock.now() });
      const body = buildIcs(events, deps.config.TIMEZONE, deps.config.PUBLIC_URL);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="calendar.ics"')
        .send(body);
    });
  };
}

const text = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'val' in v) return String((v as { val: unknown }).val);
  return '';
};

/**
 * Import the VEVENTs of an .ics text. Each UID becomes event `ics-<hash>`; importing the same
 * file again changes nothing, importing an updated one edits the events (and tells subscribers).
 */
export async function importIcs(
  svc: CalendarService,
  body: string,
  zone: string,
  by: string,
): Promise<{ added: number; updated: number; unchanged: number; skipped: number }> {
  const parsed = nodeIcal.sync.parseICS(body);
  const out = { added: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const c of Object.values(parsed)) {
    if (!c || typeof c !== 'object' || (c as { type?: string }).type !== 'VEVENT') continue;
    const v = c as nodeIcal.VEvent;
    const title = text(v.summary).trim();
    if (!v.start || !title || v.status === 'CANCELLED') {
      out.skipped++;
      continue;
    }
    const allDay = v.datetype === 'date';
    const start = allDay
      ? DateTime.fromObject(
          { year: v.start.getFullYear(), month: v.start.getMonth() + 1, day: v.start.getDate(), hour: 9 },
          { zone },
        )
      : DateTime.fromJSDate(v.start, { zone });
    const id = `ics-${createHash('sha1').update(v.uid).digest('hex').slice(0, 10)}`;
    const fields = {
      title,
      start: start.toISO()!,
      place: text(v.location).trim(),
      description: text(v.description).trim(),
    };
    const existing = await svc.getEvent(id);
    if (!existing) {
      const input: Parameters<CalendarService['addEvent']>[0] = { id, title, start: fields.start };
      if (fields.place) input.place = fields.place;
      if (fields.description) input.description = fields.description;
      await svc.addEvent(input, by);
      out.added++;
      continue;
    }
    const patch: Parameters<CalendarService['editEvent']>[1] = { title, start: fields.start };
    if (fields.place) patch.place = fields.place;
    if (fields.description) patch.description = fields.description;
    const r = await svc.editEvent(id, patch, by);
    if (r?.changed) out.updated++;
    else out.unchanged++;
  }
  return out;
}

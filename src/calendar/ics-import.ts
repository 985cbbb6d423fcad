import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import nodeIcal from 'node-ical';
import { parseRule } from './recurrence.js';
import type { CalendarService } from './service.js';
import type { EventInput, EventPatch } from './types.js';

type VEvent = nodeIcal.VEvent & { end?: nodeIcal.DateWithTimeZone; recurrences?: Record<string, nodeIcal.VEvent> };

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

const text = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'val' in v) return String((v as { val: unknown }).val);
  return '';
};

const validZone = (tz: string | undefined): tz is string =>
  Boolean(tz) && DateTime.local().setZone(tz).isValid && !tz!.startsWith('/');

/** node-ical gives a DATE as local midnight of the process: read its calendar day back. */
const dateOnly = (d: Date, zone: string): DateTime =>
  DateTime.fromObject({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() }, { zone });

/** The UID suffix of the events this calendar exports (src/calendar/ics.ts). */
export const OWN_UID = '@union-desk';

const idOf = (uid: string) => `ics-${createHash('sha1').update(uid).digest('hex').slice(0, 10)}`;

/**
 * The RRULE value of a parsed VEVENT, with a floating UNTIL (local time, or a DATE for an all-day
 * series) turned into UTC the way RFC 5545 wants it next to a DTSTART with a zone.
 */
function ruleOf(v: VEvent, tz: string, allDay: boolean): string | undefined {
  const line = String(v.rrule ?? '')
    .split(/\r?\n/)
    .find((l) => l.startsWith('RRULE:'));
  if (!line) return undefined;
  const rule = line
    .slice(6)
    .split(';')
    .map((part) => {
      const m = /^UNTIL=(\d{8})(?:T(\d{6}))?(Z?)$/.exec(part);
      if (!m || m[3]) return part;
      const local = DateTime.fromFormat(`${m[1]}${m[2] ?? '235959'}`, 'yyyyMMddHHmmss', { zone: tz });
      return `UNTIL=${(allDay && !m[2] ? local.endOf('day') : local).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
    })
    .join(';');
  return parseRule(rule) ? rule : undefined;
}

/** The calendar fields of one VEVENT (a series, a single event, or a modified instance). */
function fieldsOf(v: VEvent, zone: string): (EventInput & EventPatch) | null {
  const title = text(v.summary).trim();
  if (!v.start || !title) return null;
  const allDay = v.datetype === 'date';
  const tz = validZone(v.start.tz) ? v.start.tz : zone;
  const start = allDay ? dateOnly(v.start, zone) : DateTime.fromJSDate(v.start, { zone });
  const f: EventInput & EventPatch = {
    title,
    start: start.toISO()!,
    place: text(v.location).trim(),
    description: text(v.description).trim(),
    allDay,
    rule: ruleOf(v, tz, allDay) ?? '',
    tz: tz !== zone ? tz : '',
  };
  if (v.end) {
    const end = allDay ? dateOnly(v.end, zone).minus({ days: 1 }) : DateTime.fromJSDate(v.end, { zone });
    if (end > start) f.end = end.toISO()!;
  }
  if (f.rule) {
    const ex = new Set<string>();
    for (const d of Object.values(v.exdate ?? {})) {
      ex.add((allDay ? dateOnly(d, zone) : DateTime.fromJSDate(d, { zone })).toISO()!);
    }
    f.exdates = [...ex].sort();
  } else delete f.tz;
  return f;
}

/** Modified instances (RECURRENCE-ID) of a series, each once (node-ical keys them twice). */
function instancesOf(v: VEvent): VEvent[] {
  const seen = new Set<number>();
  return Object.values(v.recurrences ?? {}).filter((r) => {
    const ms = r.recurrenceid?.getTime();
    if (ms === undefined || seen.has(ms)) return false;
    seen.add(ms);
    return true;
  }) as VEvent[];
}

/** Add the event, or edit it into shape; counts what happened. */
async function upsert(
  svc: CalendarService,
  id: string,
  f: EventInput & EventPatch,
  by: string,
  out: ImportResult,
): Promise<void> {
  const existing = await svc.getEvent(id);
  if (!existing) {
    const input: EventInput = { ...f, id };
    for (const k of ['place', 'description', 'rule', 'tz'] as const) if (!input[k]) delete input[k];
    if (!input.allDay) delete input.allDay;
    await svc.addEvent(input, by);
    out.added++;
    return;
  }
  const patch: EventPatch = { ...f };
  delete (patch as EventInput).uid;
  delete (patch as EventInput).seriesId;
  delete (patch as EventInput).recurrenceId;
  if (!f.end) patch.end = undefined as unknown as string;
  const r = await svc.editEvent(id, patch, by);
  if (r?.changed) out.updated++;
  else out.unchanged++;
}

/**
 * Import the VEVENTs of an .ics text. Each UID becomes event `ics-<hash>`; importing the same file
 * again changes nothing, importing an updated one edits the events (and tells subscribers). A series
 * keeps its RRULE, its EXDATEs and its zone (TZID, VTIMEZONE); each modified instance (RECURRENCE-ID)
 * becomes an event of its own (`ics-<hash>-<yyyyMMddHHmm>`) that replaces that occurrence; all-day
 * events stay all-day. Events of this calendar's own feed (UID `…@union-desk`) are skipped.
 */
export async function importIcs(svc: CalendarService, body: string, zone: string, by: string): Promise<ImportResult> {
  const parsed = nodeIcal.sync.parseICS(body);
  const out: ImportResult = { added: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const c of Object.values(parsed)) {
    if (!c || typeof c !== 'object' || (c as { type?: string }).type !== 'VEVENT') continue;
    const v = c as VEvent;
    // Our own feed's events (`<id>@union-desk`) are already here: a re-imported feed changes nothing.
    const f = v.status === 'CANCELLED' || v.uid.endsWith(OWN_UID) ? null : fieldsOf(v, zone);
    if (!f) {
      out.skipped++;
      continue;
    }
    const id = idOf(v.uid);
    const moved: string[] = [];
    const children: { id: string; f: EventInput & EventPatch }[] = [];
    for (const inst of f.rule ? instancesOf(v) : []) {
      const rid = (
        f.allDay ? dateOnly(inst.recurrenceid!, zone) : DateTime.fromJSDate(inst.recurrenceid!, { zone })
      ).toISO()!;
      const cf = inst.status === 'CANCELLED' ? null : fieldsOf(inst, zone);
      if (!cf) {
        f.exdates = [...new Set([...(f.exdates ?? []), rid])].sort();
        continue;
      }
      moved.push(rid);
      cf.rule = '';
      const stamp = DateTime.fromISO(rid, { zone }).toFormat('yyyyMMddHHmm');
      children.push({ id: `${id}-${stamp}`, f: { ...cf, seriesId: id, recurrenceId: rid, uid: v.uid } });
    }
    if (f.rule) f.moved = moved.sort();
    await upsert(svc, id, { ...f, uid: v.uid }, by, out);
    for (const ch of children) await upsert(svc, ch.id, ch.f, by, out);
  }
  return out;
}

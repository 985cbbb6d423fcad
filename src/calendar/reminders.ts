import { DateTime } from 'luxon';
import type { Config } from '../config.js';
import type { Queues } from '../outbound/queues.js';
import { leadMs } from './dates.js';
import type { ReminderJob } from './jobs.js';
import { MAX_EXPAND, nextOccurrences, occurrences } from './recurrence.js';
import type { CalEvent } from './types.js';

/** A series' reminders are scheduled this far ahead, and topped up daily (TOPUP_PATTERN). */
export const REMINDER_WINDOW_DAYS = 60;
/** At most this many occurrences of one series have reminders scheduled at a time. */
export const MAX_OCCURRENCES_AHEAD = 100;
/** The daily top-up of series reminders (BullMQ job scheduler, in TIMEZONE). */
export const TOPUP_SCHEDULER = { id: 'reminder-topup', pattern: '10 0 * * *' } as const;

type ReminderConfig = Pick<Config, 'REMINDER_LEAD_TIMES' | 'TIMEZONE' | 'ALL_DAY_REMINDER_HOUR'>;

export interface PlannedReminder {
  lead: string;
  fireAt: Date;
  jobId: string;
  /** The occurrence it is for (ISO; for a single event, its start). */
  start: string;
}

interface Lead {
  lead: string;
  fire: (occurrence: DateTime) => DateTime;
}

/**
 * Lead times of an event: its own, or REMINDER_LEAD_TIMES; a month-only event has one, on the 1st at
 * 09:00; an all-day event two, at ALL_DAY_REMINDER_HOUR the day before ('eve') and on the day ('day').
 */
function leadsOf(e: CalEvent, config: ReminderConfig): Lead[] {
  if (e.monthOnly) return [{ lead: 'month', fire: (o) => o.startOf('month').set({ hour: 9 }) }];
  if (e.allDay) {
    const at = (o: DateTime) => o.startOf('day').set({ hour: config.ALL_DAY_REMINDER_HOUR });
    return [
      { lead: 'eve', fire: (o) => at(o).minus({ days: 1 }) },
      { lead: 'day', fire: at },
    ];
  }
  const leads = e.leadTimes?.length ? e.leadTimes : config.REMINDER_LEAD_TIMES;
  return leads
    .map((lead) => ({ lead, ms: leadMs(lead) }))
    .filter((l) => Number.isFinite(l.ms))
    .map((l) => ({ lead: l.lead, fire: (o: DateTime) => o.minus(l.ms) }));
}

/** Job id `rem|<event>|<occurrenceMs>|<lead>`: one per occurrence and lead time. */
function forOccurrence(e: CalEvent, occ: DateTime, leads: Lead[]): PlannedReminder[] {
  const ms = occ.toMillis();
  return leads.map((l) => ({
    lead: l.lead,
    fireAt: l.fire(occ).toJSDate(),
    jobId: `rem|${e.id}|${ms}|${l.lead}`,
    start: occ.toISO()!,
  }));
}

const longestLeadMs = (leads: Lead[], probe: DateTime) =>
  Math.max(0, ...leads.map((l) => probe.toMillis() - l.fire(probe).toMillis()));

/**
 * The reminders of an event. A single event: every lead time of its start. A series: those of its
 * occurrences that fall due between `now` and REMINDER_WINDOW_DAYS ahead (at most
 * MAX_OCCURRENCES_AHEAD occurrences), so a rule without an end never fills the queue.
 */
export function remindersOf(e: CalEvent, config: ReminderConfig, now: Date): PlannedReminder[] {
  const zone = config.TIMEZONE;
  const leads = leadsOf(e, config);
  if (!e.rule) return forOccurrence(e, DateTime.fromISO(e.start, { zone }), leads);
  const horizon = now.getTime() + REMINDER_WINDOW_DAYS * 86_400_000;
  const probe = DateTime.fromJSDate(now, { zone });
  const until = new Date(horizon + longestLeadMs(leads, probe) + 86_400_000);
  return occurrences(e, now, until, zone, MAX_OCCURRENCES_AHEAD)
    .flatMap((o) => forOccurrence(e, o, leads))
    .filter((r) => r.fireAt.getTime() <= horizon);
}

/** What the status views show: a single event's leads; a series' last occurrence and its next three. */
export function statusReminders(e: CalEvent, config: ReminderConfig, now: Date): PlannedReminder[] {
  const zone = config.TIMEZONE;
  const leads = leadsOf(e, config);
  if (!e.rule) return forOccurrence(e, DateTime.fromISO(e.start, { zone }), leads);
  const past = occurrences(e, new Date(now.getTime() - 400 * 86_400_000), now, zone, MAX_EXPAND).at(-1);
  const next = nextOccurrences(e, now, 3, zone);
  return [...(past ? [past] : []), ...next].flatMap((o) => forOccurrence(e, o, leads));
}

/**
 * Schedule the reminders still in the future (deterministic job ids: scheduling twice is harmless)
 * and return them. The one place lead times are resolved (leadsOf: the event's own, else this
 * process's REMINDER_LEAD_TIMES, read from the same .env by every entry point), so the bot, the
 * worker's top-up and the CLI plan the same reminders.
 */
export async function scheduleReminders(
  queues: Queues,
  e: CalEvent,
  config: Config,
  now: Date,
): Promise<PlannedReminder[]> {
  if (e.status !== 'active') return [];
  const out: PlannedReminder[] = [];
  for (const r of remindersOf(e, config, now)) {
    const delay = r.fireAt.getTime() - now.getTime();
    if (delay <= 0) continue;
    const data: ReminderJob = { eventId: e.id, start: r.start, lead: r.lead, fireAt: r.fireAt.toISOString() };
    await queues.control.add('reminder', data, { jobId: r.jobId, delay });
    out.push(r);
  }
  return out;
}

/** Remove pending reminder jobs (fired ones are gone or ignored: they check the occurrence). */
export async function removeReminders(
  queues: Queues,
  e: CalEvent,
  config: Config,
  now: Date,
  only?: (r: PlannedReminder) => boolean,
): Promise<void> {
  for (const r of remindersOf(e, config, now)) {
    if (only && !only(r)) continue;
    try {
      await queues.control.remove(r.jobId);
    } catch {
      // A job being processed right now is locked; it drops itself when it sees the changed event.
    }
  }
}

/**
 * The daily top-up (and every start): every active series gets the reminders that came into the
 * window, and every other active event the ones it lacks — after `cli restore` into an empty Redis,
 * say. Job ids are deterministic and past reminders are skipped, so planning again adds nothing.
 */
export async function topUpReminders(
  queues: Queues,
  events: CalEvent[],
  config: Config,
  now: Date,
): Promise<{ series: number; planned: number }> {
  let series = 0;
  let planned = 0;
  for (const e of events) {
    if (e.status !== 'active') continue;
    if (e.rule) series++;
    planned += (await scheduleReminders(queues, e, config, now)).length;
  }
  return { series, planned };
}

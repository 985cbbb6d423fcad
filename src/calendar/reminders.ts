import { DateTime } from 'luxon';
import type { Config } from '../config.js';
import type { Queues } from '../outbound/queues.js';
import { leadMs } from './dates.js';
import type { ReminderJob } from './jobs.js';
import type { CalEvent } from './types.js';

export interface PlannedReminder {
  lead: string;
  fireAt: Date;
  jobId: string;
}

/** Lead times of an event: its own, or REMINDER_LEAD_TIMES; a month-only event has one, on the 1st at 09:00. */
export function remindersOf(e: CalEvent, config: Pick<Config, 'REMINDER_LEAD_TIMES' | 'TIMEZONE'>): PlannedReminder[] {
  const startMs = Date.parse(e.start);
  const jobId = (lead: string) => `rem|${e.id}|${startMs}|${lead}`;
  if (e.monthOnly) {
    const first = DateTime.fromISO(e.start, { zone: config.TIMEZONE }).startOf('month').set({ hour: 9 });
    return [{ lead: 'month', fireAt: first.toJSDate(), jobId: jobId('month') }];
  }
  const leads = e.leadTimes?.length ? e.leadTimes : config.REMINDER_LEAD_TIMES;
  return leads
    .map((lead) => ({ lead, ms: leadMs(lead) }))
    .filter((l) => Number.isFinite(l.ms))
    .map((l) => ({ lead: l.lead, fireAt: new Date(startMs - l.ms), jobId: jobId(l.lead) }));
}

/** Schedule the reminders still in the future (deterministic job ids: scheduling twice is harmless). */
export async function scheduleReminders(queues: Queues, e: CalEvent, config: Config, now: Date): Promise<number> {
  if (e.status !== 'active') return 0;
  let n = 0;
  for (const r of remindersOf(e, config)) {
    const delay = r.fireAt.getTime() - now.getTime();
    if (delay <= 0) continue;
    const data: ReminderJob = { eventId: e.id, start: e.start, lead: r.lead, fireAt: r.fireAt.toISOString() };
    await queues.control.add('reminder', data, { jobId: r.jobId, delay });
    n++;
  }
  return n;
}

/** Remove an event's pending reminder jobs (fired ones are gone or ignored: they check the start time). */
export async function removeReminders(queues: Queues, e: CalEvent, config: Config): Promise<void> {
  for (const r of remindersOf(e, config)) {
    try {
      await queues.control.remove(r.jobId);
    } catch {
      // A job being processed right now is locked; it drops itself when it sees the changed event.
    }
  }
}

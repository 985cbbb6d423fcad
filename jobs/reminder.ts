import type { Job } from 'bullmq';
import type { ReminderJob } from '../src/calendar/jobs.js';
import { nextAllowed } from '../src/calendar/quiet.js';
import { isOccurrence } from '../src/calendar/recurrence.js';
import { topUpReminders } from '../src/calendar/reminders.js';
import { addDeliveries, type PlannedDelivery } from '../src/outbound/enqueue.js';
import type { JobContext } from './context.js';
import { reminderField } from './deliver.js';

/**
 * An occurrence's lead time has come: fan out one delivery per subscribed chat in the event's
 * audience, each moved past that chat's quiet hours. Delivery ids are deterministic and name the
 * occurrence (`rem:<event>:<occurrenceMs>:<lead>:<conv>`), so running this twice adds nothing
 * twice, and each occurrence of a series reaches each chat once. An occurrence the event no
 * longer has (moved, cancelled, rule changed) is stale.
 */
export async function processReminder(rt: JobContext, job: Job<ReminderJob>): Promise<string> {
  const { deps } = rt;
  const r = job.data;
  const e = await rt.store.getEvent(r.eventId);
  if (e?.status !== 'active' || !isOccurrence(e, r.start, deps.config.TIMEZONE)) return 'stale';
  const subs = await rt.store.subsForAudience(e.audience);
  const now = deps.clock.now().getTime();
  const due = new Date(r.fireAt);
  const startMs = Date.parse(r.start);
  const plan: PlannedDelivery[] = [];
  const reportKey = deps.keys.eventDeliveries(e.id);
  const fields = subs.map((s) => reminderField({ start: r.start, lead: r.lead, convId: s.convId }));
  // Keep final states (a re-run after a crash must not show a sent reminder as scheduled again).
  const known = fields.length ? await deps.redis.hmget(reportKey, ...fields) : [];
  const report = deps.redis.pipeline();
  for (const [i, s] of subs.entries()) {
    const at = nextAllowed(due, s.quietHours ?? deps.config.QUIET_HOURS, deps.config.TIMEZONE);
    const data = {
      deliveryId: `rem:${e.id}:${startMs}:${r.lead}:${s.convId}`,
      convId: s.convId,
      kind: 'reminder' as const,
      text: '',
      eventId: e.id,
      start: r.start,
      lead: r.lead,
      lang: s.lang ?? 'zh',
    };
    plan.push({ data, delay: at.getTime() - now });
    const prev = known[i] ?? '';
    if (!prev.startsWith('sent') && !prev.startsWith('failed'))
      report.hset(reportKey, fields[i]!, `scheduled:${at.toISOString()}`);
  }
  await report.exec();
  await addDeliveries(rt.queues, plan);
  return `planned ${plan.length}`;
}

/**
 * The daily top-up (job scheduler TOPUP_SCHEDULER): each active series gets the reminders of the
 * occurrences that came into the scheduling window. Job ids are deterministic, so a second run, or
 * a run in two processes, adds nothing.
 */
export async function processTopup(rt: JobContext): Promise<string> {
  const { deps } = rt;
  const r = await topUpReminders(rt.queues, await rt.store.listEvents(), deps.config, deps.clock.now());
  // Daily too: lapsed web subscriptions leave the index sets (every tag's), so broadcasts skip no dead ids.
  const swept = await rt.store.sweepSubs();
  if (swept.removed) deps.logger.info(swept, 'lapsed subscriptions swept from the index sets');
  return `series ${r.series}, planned ${r.planned}, swept ${swept.removed}`;
}

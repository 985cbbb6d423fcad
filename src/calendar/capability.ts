import type { Capability, CapabilityContext } from '../core/capability.js';
import type { Deps } from '../deps.js';
import { createQueues } from '../queue/queues.js';
import { startWorkers, type Workers } from '../queue/workers.js';
import { createCalendarFeature } from './feature.js';
import { icsRoute } from './ics.js';
import { TOPUP_SCHEDULER } from './reminders.js';
import type { CalendarRuntime } from './runtime.js';
import { seedCalendar } from './seed.js';
import { type CalendarService, createCalendarService } from './service.js';
import { createCalendarStore } from './store.js';

declare module '../deps.js' {
  interface Services {
    calendar: CalendarService;
  }
}

/** Report chasing: on REPORT_CHASE_DAY at 09:00 local, and REPORT_CHASE_REPEAT_DAYS later (at most the 28th). */
export function chaseSchedules(day: number, repeatDays: number): { id: string; pattern: string; round: number }[] {
  return [
    { id: 'chase-reports-1', pattern: `0 9 ${day} * *`, round: 1 },
    { id: 'chase-reports-2', pattern: `0 9 ${Math.min(28, day + repeatDays)} * *`, round: 2 },
  ];
}

/**
 * The campaign calendar: events, subscriptions, reminders, broadcasts and report chasing.
 * Queues (producers) exist in every process; workers run in start() unless this is the bot-only
 * process (PROCESS_ROLE=bot) or RUN_WORKERS=false. CLI commands never start workers: what they
 * queue is delivered by the running bot or `npm run worker`.
 */
export async function createCalendarCapability(deps: Deps, ctx: CapabilityContext): Promise<Capability> {
  const store = createCalendarStore(deps.redis, deps.keys);
  const queues = await createQueues(deps);
  const service = createCalendarService(deps, store, queues);
  deps.services.calendar = service;
  const rt: CalendarRuntime = { deps, store, queues };
  let workers: Workers | null = null;

  return {
    name: 'calendar',
    features: [createCalendarFeature()],
    routes: [icsRoute(deps)],
    async start() {
      await Promise.all(queues.all().map((q) => q.waitUntilReady()));
      const added = await seedCalendar(service, deps.clock.now(), deps.config.TIMEZONE);
      if (added) deps.logger.info({ added }, 'calendar seeded from the campaign document');
      for (const s of chaseSchedules(deps.config.REPORT_CHASE_DAY, deps.config.REPORT_CHASE_REPEAT_DAYS)) {
        await queues.control.upsertJobScheduler(
          s.id,
          { pattern: s.pattern, tz: deps.config.TIMEZONE },
          { name: 'chase', data: { round: s.round } },
        );
      }
      // Series reminders are scheduled a bounded window ahead; a daily job tops them up (and so does a start,
      // which also plans any missing reminder of a single event, e.g. after `cli restore`).
      await queues.control.upsertJobScheduler(
        TOPUP_SCHEDULER.id,
        { pattern: TOPUP_SCHEDULER.pattern, tz: deps.config.TIMEZONE },
        { name: 'topup', data: {} },
      );
      const topped = await service.topUp();
      if (topped.planned) deps.logger.info(topped, 'reminders topped up');
      if (ctx.role !== 'bot' && deps.config.RUN_WORKERS) workers = startWorkers(rt);
    },
    async stop() {
      await workers?.close();
      await queues.close();
    },
  };
}

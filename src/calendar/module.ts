import type { Deps } from '../core/deps.js';
import type { Module } from '../core/module.js';
import type { Queues } from '../outbound/queues.js';
import { createCalendarModule } from './feature.js';
import { icsRoute } from './ics.js';
import { TOPUP_SCHEDULER } from './reminders.js';
import { seedCalendar } from './seed.js';
import { type CalendarService, createCalendarService } from './service.js';
import { type CalendarStore, createCalendarStore } from './store.js';

export interface Calendar {
  service: CalendarService;
  /** The job processors (jobs/) read events and subscriptions from here. */
  store: CalendarStore;
  module: Module;
}

/**
 * The campaign calendar: events (one-off, month-only, all-day, recurring), subscriptions, reminders
 * and broadcasts, queued on the outbound engine's `queues` (its workers, in jobs/ and src/outbound/,
 * deliver them). On start the calendar is seeded from the campaign document (idempotent), the daily
 * top-up of series reminders is scheduled and run once.
 */
export function createCalendar(deps: Deps, io: { queues: Queues }): Calendar {
  const store = createCalendarStore(deps.redis, deps.keys, {
    ttlS: deps.config.WEB_SUB_TTL_DAYS * 24 * 3600,
    perIdentity: deps.config.WEB_SUBS_PER_IDENTITY,
  });
  const service = createCalendarService(deps, store, io.queues);
  return {
    service,
    store,
    module: {
      ...createCalendarModule(service),
      routes: [icsRoute(deps, service)],
      async start() {
        await Promise.all(io.queues.all().map((q) => q.waitUntilReady()));
        const added = await seedCalendar(service, deps.clock.now(), deps.config.TIMEZONE);
        if (added) deps.logger.info({ added }, 'calendar seeded from the campaign document');
        // Series reminders are scheduled a bounded window ahead; a daily job tops them up (and so does a start,
        // which also plans any missing reminder of a single event, e.g. after `cli restore`).
        await io.queues.control.upsertJobScheduler(
          TOPUP_SCHEDULER.id,
          { pattern: TOPUP_SCHEDULER.pattern, tz: deps.config.TIMEZONE },
          { name: 'topup', data: {} },
        );
        const topped = await service.topUp();
        if (topped.planned) deps.logger.info(topped, 'reminders topped up');
      },
    },
  };
}

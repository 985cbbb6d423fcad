import type { Deps } from '../core/deps.js';
import type { Module } from '../core/module.js';
import type { Queues } from '../outbound/queues.js';
import { createCalendarModule } from './feature.js';
import { icsRoute } from './ics.js';
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
 * The campaign calendar: events, subscriptions, reminders and broadcasts, queued on the outbound
 * engine's `queues` (its workers, in jobs/ and src/outbound/, deliver them). On start the calendar
 * is seeded from the campaign document (idempotent).
 */
export function createCalendar(deps: Deps, io: { queues: Queues }): Calendar {
  const store = createCalendarStore(deps.redis, deps.keys);
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
      },
    },
  };
}

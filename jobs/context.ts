import type { CalendarStore } from '../src/calendar/store.js';
import type { ChannelRegistry } from '../src/core/channel.js';
import type { Deps } from '../src/core/deps.js';
import type { Queues } from '../src/outbound/queues.js';

/** What report chasing needs from forms (FormsService satisfies it). */
export interface ChaseForms {
  missingReports(month: string): Promise<{ id: string; name?: string }[]>;
  officersOf(unitId: string): Promise<string[]>;
}

/** What the processors work with; built once by the composition root (src/app.ts) and passed in. */
export interface JobContext {
  deps: Deps;
  store: CalendarStore;
  queues: Queues;
  forms: ChaseForms;
  /** The channels deliveries go out through (the same registry the app built). */
  channels: ChannelRegistry;
}

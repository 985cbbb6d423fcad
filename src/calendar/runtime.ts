import type { Deps } from '../core/deps.js';
import type { Queues } from '../outbound/queues.js';
import type { CalendarStore } from './store.js';

/** What the calendar's job processors (jobs/*.ts) work with. */
export interface CalendarRuntime {
  deps: Deps;
  store: CalendarStore;
  queues: Queues;
}

/** Ledger value → report state: 'sent', 'failed:<why>', 'skipped:<why>', or the raw value. */
export function ledgerState(v: string | null): string {
  if (!v) return 'pending';
  if (v.startsWith('sent')) return 'sent';
  return v;
}

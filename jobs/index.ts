import type { Processors } from '../src/outbound/workers.js';
import { processBroadcast } from './broadcast.js';
import { processChase } from './chase-reports.js';
import type { JobContext } from './context.js';
import { processDelivery } from './deliver.js';
import { processNotice } from './notice.js';
import { processReminder, processTopup } from './reminder.js';

export type { ChaseForms, JobContext } from './context.js';

/** The BullMQ processors, bound to what they work with; src/outbound/workers.ts runs them. */
export function createProcessors(ctx: JobContext): Processors {
  return {
    control: {
      reminder: (job) => processReminder(ctx, job),
      broadcast: (job) => processBroadcast(ctx, job),
      notice: (job) => processNotice(ctx, job),
      chase: (job) => processChase(ctx, job),
      topup: () => processTopup(ctx),
    },
    deliver: (job, token) => processDelivery(ctx, job, token),
  };
}

import type { JobsOptions } from 'bullmq';
import type { DeliveryJob } from './jobs.js';
import { decodeConversationId } from '../core/types.js';
import { type DeliveryChannel, type Queues, isDeliveryChannel, jobIdOf } from './queues.js';

export interface PlannedDelivery {
  data: DeliveryJob;
  /** Milliseconds from now (quiet hours, scheduled reminders). */
  delay?: number;
}

/**
 * Add delivery jobs in bulk, per platform queue, with job id = delivery id: adding the same
 * delivery twice (a retried fan-out, two replicas) is a no-op while the first job exists, and
 * the ledger (src/outbound/limits.ts) stops a re-added one after that.
 */
export async function addDeliveries(queues: Queues, list: PlannedDelivery[]): Promise<{ skipped: string[] }> {
  const byChannel = new Map<DeliveryChannel, PlannedDelivery[]>();
  const skipped: string[] = [];
  for (const p of list) {
    const ch = decodeConversationId(p.data.convId).channel;
    if (!isDeliveryChannel(ch)) {
      skipped.push(p.data.convId);
      continue;
    }
    const arr = byChannel.get(ch) ?? [];
    arr.push(p);
    byChannel.set(ch, arr);
  }
  for (const [ch, arr] of byChannel) {
    const q = queues.deliver(ch);
    for (let i = 0; i < arr.length; i += 500) {
      await q.addBulk(
        arr.slice(i, i + 500).map((p) => {
          const opts: JobsOptions = { jobId: jobIdOf(p.data.deliveryId) };
          if (p.delay && p.delay > 0) opts.delay = Math.round(p.delay);
          return { name: p.data.kind, data: p.data, opts };
        }),
      );
    }
  }
  return { skipped };
}

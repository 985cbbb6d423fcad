import type { Job } from 'bullmq';
import type { BroadcastJob } from '../src/calendar/jobs.js';
import type { BroadcastInfo } from '../src/calendar/types.js';
import { addDeliveries, type PlannedDelivery } from '../src/outbound/enqueue.js';
import type { JobContext } from './context.js';

/**
 * Fan a confirmed broadcast out to every subscribed chat (or those with its tag). Safe to run
 * again after a crash: report entries are HSETNX, job ids are `bc:<id>:<conv>`.
 */
export async function processBroadcast(rt: JobContext, job: Job<BroadcastJob>): Promise<string> {
  const { deps } = rt;
  const id = job.data.broadcastId;
  const raw = await deps.redis.get(deps.keys.broadcast(id));
  if (!raw) return 'missing';
  const info = JSON.parse(raw) as BroadcastInfo;
  const subs = await rt.store.subsForAudience(info.tag ? [info.tag] : []);
  const plan: PlannedDelivery[] = [];
  const report = deps.redis.pipeline();
  for (const s of subs) {
    plan.push({
      data: {
        deliveryId: `bc:${id}:${s.convId}`,
        convId: s.convId,
        kind: 'broadcast',
        text: info.text,
        broadcastId: id,
      },
    });
    report.hsetnx(deps.keys.broadcastDeliveries(id), s.convId, 'pending');
  }
  if (info.total !== subs.length) report.set(deps.keys.broadcast(id), JSON.stringify({ ...info, total: subs.length }));
  await report.exec();
  await addDeliveries(rt.queues, plan);
  return `planned ${plan.length}`;
}

import type { Job } from 'bullmq';
import { noticeText } from '../src/calendar/format.js';
import type { NoticeJob } from '../src/calendar/jobs.js';
import { addDeliveries } from '../src/outbound/enqueue.js';
import type { JobContext } from './context.js';

/** Tell an event's subscribers what changed (time, place, cancellation). */
export async function processNotice(rt: JobContext, job: Job<NoticeJob>): Promise<string> {
  const n = job.data;
  const subs = await rt.store.subsForAudience(n.audience);
  await addDeliveries(
    rt.queues,
    subs.map((s) => ({
      data: {
        deliveryId: `ntc:${n.eventId}:${n.rev}:${s.convId}`,
        convId: s.convId,
        kind: 'notice' as const,
        text: noticeText(n.before, n.after, s.lang ?? 'zh', rt.deps.config.TIMEZONE, n.occurrence),
      },
    })),
  );
  return `planned ${subs.length}`;
}

import type { Job } from 'bullmq';
import { noticeText } from '../src/calendar/format.js';
import type { CalendarRuntime } from '../src/calendar/runtime.js';
import type { CalEvent } from '../src/calendar/types.js';
import { addDeliveries } from '../src/queue/enqueue.js';

export interface NoticeJob {
  eventId: string;
  /** The event revision the notice is about (part of every delivery id). */
  rev: number;
  /** The event before and after the change (each chat gets the notice in its language). */
  before: CalEvent;
  after: CalEvent;
  /** Audience tags at the time of the change (old ∪ new, so moved-out chats hear of it too). */
  audience: string[];
  /** Only this occurrence of a series was cancelled (ISO start). */
  occurrence?: string;
}

/** Tell an event's subscribers what changed (time, place, cancellation). */
export async function processNotice(rt: CalendarRuntime, job: Job<NoticeJob>): Promise<string> {
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

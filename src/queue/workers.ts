import { type Job, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { processBroadcast } from '../../jobs/broadcast.js';
import { processChase } from '../../jobs/chase-reports.js';
import { processDelivery } from '../../jobs/deliver.js';
import { processNotice } from '../../jobs/notice.js';
import { processReminder, processTopup } from '../../jobs/reminder.js';
import type { CalendarRuntime } from '../calendar/runtime.js';
import { createRedis } from '../store/redis.js';
import { CONTROL_QUEUE, DELIVERY_CHANNELS, deliverQueueName } from './queues.js';

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Control jobs by name → their processor in jobs/. */
async function control(rt: CalendarRuntime, job: Job): Promise<string> {
  switch (job.name) {
    case 'reminder':
      return processReminder(rt, job);
    case 'broadcast':
      return processBroadcast(rt, job);
    case 'notice':
      return processNotice(rt, job);
    case 'chase':
      return processChase(rt, job);
    case 'topup':
      return processTopup(rt);
    default:
      throw new Error(`unknown control job ${job.name}`);
  }
}

/**
 * Start the workers: one for control jobs, one per platform delivery queue. Each has its own
 * connection with maxRetriesPerRequest null (workers reconnect and wait; they never fail a job
 * because Redis blinked). No BullMQ limiter: its fixed windows let a second hold more than the rate;
 * the Telegram-wide ceiling is the pace bucket every delivery reserves in Redis (`limits.ts`).
 */
export function startWorkers(rt: CalendarRuntime): Workers {
  const { deps } = rt;
  const cfg = deps.config;
  const conns: Redis[] = [];
  const base = (): Pick<WorkerOptions, 'connection' | 'prefix' | 'lockDuration' | 'stalledInterval'> => {
    const c = createRedis(deps.redisTarget, 'worker');
    c.on('error', (err) => deps.logger.warn({ err: err.message }, 'queue worker connection error'));
    conns.push(c);
    return {
      connection: c,
      prefix: deps.keys.bullPrefix,
      lockDuration: cfg.QUEUE_LOCK_MS,
      stalledInterval: cfg.QUEUE_LOCK_MS,
    };
  };
  const workers: Worker[] = [new Worker(CONTROL_QUEUE, (job) => control(rt, job), { ...base(), concurrency: 4 })];
  for (const ch of DELIVERY_CHANNELS) {
    const wopts: WorkerOptions = { ...base(), concurrency: cfg.DELIVERY_CONCURRENCY };
    workers.push(new Worker(deliverQueueName(ch), (job, token) => processDelivery(rt, job, token), wopts));
  }
  for (const w of workers) {
    w.on('error', (err) => deps.logger.warn({ err: err.message, queue: w.name }, 'queue worker error'));
    w.on('failed', (job, err) => {
      if (job && err.name !== 'DelayedError') {
        deps.logger.warn({ queue: w.name, job: job.id, attempts: job.attemptsMade, err: err.message }, 'job failed');
      }
    });
  }
  let closing: Promise<void> | null = null;
  return {
    workers,
    close() {
      closing ??= (async () => {
        await Promise.allSettled(workers.map((w) => w.close()));
        for (const c of conns) await c.quit().catch(() => c.disconnect());
      })();
      return closing;
    },
  };
}

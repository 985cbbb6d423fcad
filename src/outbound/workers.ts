import { type Job, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from '../core/deps.js';
import { createRedis } from '../store/redis.js';
import type { DeliveryJob } from './jobs.js';
import { CONTROL_QUEUE, DELIVERY_CHANNELS, deliverQueueName } from './queues.js';

/** The processors the workers run (jobs/index.ts builds them; the composition root passes them in). */
export interface Processors {
  /** Control jobs by name: reminder, broadcast, notice, chase. */
  control: Record<string, (job: Job) => Promise<string>>;
  /** One delivery to one chat; `token` is the worker's lock token (for moveToDelayed). */
  deliver: (job: Job<DeliveryJob>, token?: string) => Promise<string>;
}

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

/** How often a job may lose its worker (killed, OOM, a lost lock) before BullMQ fails it. */
export const MAX_STALLED = 10;

/** A control job goes to the processor of its name. */
async function control(processors: Processors, job: Job): Promise<string> {
  const run = processors.control[job.name];
  if (!run) throw new Error(`unknown control job ${job.name}`);
  return run(job);
}

/**
 * Start the workers: one for control jobs, one per platform delivery queue. Each has its own
 * connection with maxRetriesPerRequest null (workers reconnect and wait; they never fail a job
 * because Redis blinked). No BullMQ limiter: its fixed windows let a second hold more than the rate;
 * the Telegram-wide ceiling is the pace bucket every delivery reserves in Redis (`limits.ts`).
 */
export function startWorkers(deps: Deps, processors: Processors): Workers {
  const cfg = deps.config;
  const conns: Redis[] = [];
  const base = (): Pick<WorkerOptions, 'connection' | 'prefix' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> => {
    const c = createRedis(deps.redisTarget, 'worker');
    c.on('error', (err) => deps.logger.warn({ err: err.message }, 'queue worker connection error'));
    conns.push(c);
    return {
      connection: c,
      prefix: deps.keys.bullPrefix,
      lockDuration: cfg.QUEUE_LOCK_MS,
      stalledInterval: cfg.QUEUE_LOCK_MS,
      // A job whose worker died is run again, not failed: the ledger makes a re-run safe, and
      // BullMQ's default (1) would drop a delivery whose workers were killed twice (a crash loop).
      maxStalledCount: MAX_STALLED,
    };
  };
  const workers: Worker[] = [new Worker(CONTROL_QUEUE, (job) => control(processors, job), { ...base(), concurrency: 4 })];
  for (const ch of DELIVERY_CHANNELS) {
    const wopts: WorkerOptions = { ...base(), concurrency: cfg.DELIVERY_CONCURRENCY };
    workers.push(new Worker(deliverQueueName(ch), (job, token) => processors.deliver(job, token), wopts));
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

import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ChannelName } from '../core/types.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../errors.js';
import { createRedis } from '../store/redis.js';

/** Control jobs: reminder fan-out, broadcast fan-out, change notices, report chasing. */
export const CONTROL_QUEUE = 'calendar';
/** One delivery queue per platform, so one platform's limits never hold up another. */
export const DELIVERY_CHANNELS = ['web', 'telegram', 'slack', 'feishu', 'dingtalk', 'wecom'] as const satisfies readonly ChannelName[];
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const deliverQueueName = (channel: DeliveryChannel): string => `deliver-${channel}`;

export function isDeliveryChannel(c: string): c is DeliveryChannel {
  return (DELIVERY_CHANNELS as readonly string[]).includes(c);
}

/** BullMQ job ids may not contain ':'; delivery ids do (they embed conversation ids). */
export const jobIdOf = (deliveryId: string): string => deliveryId.replace(/:/g, '|');

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export interface Queues {
  connection: Redis;
  control: Queue;
  deliver(channel: DeliveryChannel): Queue;
  all(): Queue[];
  close(): Promise<void>;
}

/**
 * The producer side: one connection with no offline queue, so adding a job fails fast when
 * Redis is down instead of piling up in memory. Queues live under `keys.bullPrefix`.
 */
export async function createQueues(deps: Pick<Deps, 'redisTarget' | 'keys' | 'logger'>): Promise<Queues> {
  const connection = createRedis(deps.redisTarget, 'producer');
  connection.on('error', (err) => deps.logger.warn({ err: err.message }, 'queue producer connection error'));
  // Without an offline queue nothing may be sent before the connection is up; wait for it (or its
  // first failure: then adding jobs fails fast, which is the point of a producer connection).
  await new Promise<void>((resolve) => {
    const done = () => {
      connection.off('ready', done);
      connection.off('error', done);
      resolve();
    };
    connection.once('ready', done);
    connection.once('error', done);
  });
  const prefix = deps.keys.bullPrefix;
  const opts = { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  // BullMQ waits for the connection before adding; a producer must not (a chat command or CLI
  // call would hang while Redis is down), so add/addBulk refuse at once unless connected.
  const guard = (q: Queue): Queue => {
    q.on('error', (err) => deps.logger.warn({ err: err.message, queue: q.name }, 'queue error'));
    const add = q.add.bind(q);
    const addBulk = q.addBulk.bind(q);
    const up = () => {
      if (connection.status !== 'ready') {
        throw new AppError('Redis is unavailable; nothing was queued / Redis 不可用，未能排队', 'queue_unavailable');
      }
    };
    q.add = (async (...a: Parameters<Queue['add']>) => {
      up();
      return add(...a);
    }) as Queue['add'];
    q.addBulk = (async (...a: Parameters<Queue['addBulk']>) => {
      up();
      return addBulk(...a);
    }) as Queue['addBulk'];
    return q;
  };
  const control = guard(new Queue(CONTROL_QUEUE, opts));
  const deliver = new Map<DeliveryChannel, Queue>();
  for (const c of DELIVERY_CHANNELS) deliver.set(c, guard(new Queue(deliverQueueName(c), opts)));
  let closing: Promise<void> | null = null;
  return {
    connection,
    control,
    deliver: (c) => deliver.get(c)!,
    all: () => [control, ...deliver.values()],
    close() {
      closing ??= (async () => {
        await Promise.allSettled([control.close(), ...[...deliver.values()].map((q) => q.close())]);
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}

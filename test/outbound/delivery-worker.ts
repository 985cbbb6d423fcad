/**
 * A worker process for the SIGKILL tests: the real outbound engine — Deps, the calendar store and
 * queues, the job processors, the web channel and `startWorkers` — composed as src/app.ts composes
 * them for PROCESS_ROLE=worker, without the Q&A index and the other platforms' SDKs (whose loading
 * is most of `npm run worker`'s 6 s start on a busy machine; the tests restart it 20 times).
 * Configured by the environment like the worker. It prints `loaded` once its modules are loaded and,
 * with WAIT_FOR_GO=1, connects only after a line on stdin (so a test can warm the next worker while
 * the current one delivers); then prints `ready` once its workers listen.
 */
import { once } from 'node:events';
import { createProcessors } from '../../jobs/index.js';
import { createCalendarStore } from '../../src/calendar/store.js';
import { createWebChannel } from '../../src/channels/web/channel.js';
import { loadConfig } from '../../src/config.js';
import type { ChannelRegistry } from '../../src/core/channel.js';
import { createDeps } from '../../src/core/deps.js';
import { createFormsInternals } from '../../src/forms/service.js';
import { createQueues } from '../../src/outbound/queues.js';
import { startWorkers } from '../../src/outbound/workers.js';
import { targetFromConfig } from '../../src/store/redis.js';

process.stdout.write('loaded\n');
if (process.env['WAIT_FOR_GO'] === '1') await once(process.stdin, 'data');
const config = loadConfig(process.env);
const redisTarget = targetFromConfig(config);
if (!redisTarget) throw new Error('set REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES');
const deps = createDeps({ config, redisTarget, llm: false });
const store = createCalendarStore(deps.redis, deps.keys);
const queues = await createQueues(deps);
const forms = createFormsInternals(deps, null).service;
const channels: ChannelRegistry = new Map([['web', createWebChannel(deps, { router: null, gone: async () => {} })]]);
const workers = startWorkers(deps, createProcessors({ deps, store, queues, forms, channels }));
await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await workers.close();
  await queues.close();
  deps.redis.disconnect();
  process.exit(0);
});

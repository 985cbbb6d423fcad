/**
 * `npm run bench -- broadcast [--chats 10000] [--limited 2000] [--rate 200] [--concurrency 50]`
 * Broadcasts through the real delivery path (BullMQ queues, ledger, telegraf) to a fake Bot API
 * on loopback (in its own worker thread, so its receive stamps are not batched by a busy bench loop), against a private redis-server (or REDIS_URL):
 *   1. limits off: N deliveries, deliveries/s and Redis commands per delivery (INFO deltas);
 *   2. limits on: M deliveries with TELEGRAM_RATE_PER_SECOND = rate, achieved rate vs configured.
 * The last line is one JSON object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { Telegraf } from 'telegraf';
import { createProcessors } from '../jobs/index.js';
import { createCalendarService } from '../src/calendar/service.js';
import { createCalendarStore } from '../src/calendar/store.js';
import { telegramSender } from '../src/channels/telegram/channel.js';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/core/deps.js';
import { createFormsInternals } from '../src/forms/service.js';
import { createQueues } from '../src/outbound/queues.js';
import { startWorkers } from '../src/outbound/workers.js';
import { freePort, startEmbeddedRedis } from '../src/store/embedded.js';
import { deleteByPrefix, optionsFromUrl } from '../src/store/redis.js';
import { startThreadedBotApi, type ThreadedBotApi } from './fake-api-thread.js';

function arg(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(name);
  const v = i >= 0 ? Number(argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

const log = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

async function stats(redis: Redis): Promise<{ total: number; calls: Map<string, number> }> {
  const info = await redis.info('stats');
  const total = Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
  const calls = new Map<string, number>();
  for (const m of (await redis.info('commandstats')).matchAll(/cmdstat_([\w|]+):calls=(\d+)/g))
    calls.set(m[1]!, Number(m[2]));
  return { total, calls };
}

interface Phase {
  deliveries: number;
  seconds: number;
  perSecond: number;
  commandsPerDelivery: number;
  top: string;
}

/** One broadcast to `n` fresh chats under a fresh key prefix; timed from send to the last delivery. */
async function phase(
  redisUrl: string,
  api: ThreadedBotApi,
  n: number,
  env: Record<string, string>,
  firstChat: number,
): Promise<Phase & { firstToLast: number }> {
  const prefix = `bench:${Math.random().toString(36).slice(2, 8)}:`;
  const config = loadConfig({
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'error',
    TELEGRAM_BOT_TOKEN: '1:bench',
    TELEGRAM_API_ROOT: api.url,
    ...env,
  });
  const redisTarget = { options: optionsFromUrl(redisUrl), stop: async () => {}, embedded: false };
  const deps = createDeps({ config, redisTarget, llm: false });
  const { redis, keys } = deps;
  const telegram = new Telegraf('1:bench', { telegram: { apiRoot: api.url } }).telegram;
  const channels = new Map([['telegram' as const, telegramSender(deps, telegram)]]);
  const store = createCalendarStore(redis, keys);
  const queues = await createQueues(deps);
  const svc = createCalendarService(deps, store, queues);
  const forms = createFormsInternals(deps, null).service;
  const processors = createProcessors({ deps, store, queues, forms, channels });
  for (let i = 0; i < n; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, n - i) }, (_, j) =>
        svc.subscribe({ channel: 'telegram', chatId: String(firstChat + i + j) }),
      ),
    );
  }
  const workers = startWorkers(deps, processors);
  await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
  const base = api.deliveries.length;
  const before = await stats(redis);
  const t0 = performance.now();
  const id = await svc.sendBroadcast({ text: '性能测试 / benchmark', by: 'bench' });
  await api.waitDelivered(base + n, 600_000);
  const seconds = (performance.now() - t0) / 1000;
  // Let the last ledger writes land, then read the counters (the INFO calls themselves are excluded).
  for (;;) {
    const r = await svc.broadcastReport(id);
    if (r && r.pending === 0) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const after = await stats(redis);
  const mine = api.deliveries.slice(base).map((d) => d.at);
  const firstToLast = (Math.max(...mine) - Math.min(...mine)) / 1000;
  const diffs = [...after.calls].map(([k, v]) => [k, v - (before.calls.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
  diffs.sort((a, b) => b[1] - a[1]);
  await workers.close();
  await queues.close();
  await deleteByPrefix(redis, prefix);
  await redis.quit();
  return {
    deliveries: n,
    seconds: r1(seconds),
    perSecond: Math.round(n / seconds),
    commandsPerDelivery: r1((after.total - before.total) / n),
    top: diffs
      .slice(0, 6)
      .map(([k, v]) => `${k} ${r1(v / n)}`)
      .join(', '),
    firstToLast,
  };
}

export async function run(argv: string[]): Promise<void> {
  const chats = arg(argv, '--chats', 10_000);
  const limited = arg(argv, '--limited', 2000);
  const rate = arg(argv, '--rate', 200);
  const concurrency = arg(argv, '--concurrency', 50);
  let redisUrl = process.env['REDIS_URL'];
  let stopRedis = async () => {};
  if (!redisUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ud-bench-redis-'));
    const r = await startEmbeddedRedis({ dir, port: await freePort(), persist: false });
    redisUrl = r.url!;
    stopRedis = async () => {
      await r.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const api = await startThreadedBotApi();
  try {
    log(
      `broadcast bench: ${chats} chats limits off, ${limited} chats at ${rate}/s; concurrency ${concurrency}; fake Bot API ${api.url}`,
    );
    // Baseline: the same telegraf client straight at the fake API, same concurrency, no queue.
    const telegram = new Telegraf('1:baseline', { telegram: { apiRoot: api.url } }).telegram;
    const nBase = Math.min(chats, 5000);
    const b0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < nBase) await telegram.sendMessage(String(9_000_000 + next++), 'baseline');
      }),
    );
    const baseline = Math.round(nBase / ((performance.now() - b0) / 1000));
    log(
      `baseline   : ${nBase} direct sendMessage calls, ${concurrency} at a time = ${baseline}/s (client + fake API ceiling)`,
    );
    const off = await phase(
      redisUrl,
      api,
      chats,
      // "Off" = the highest rate the config accepts (the pace bucket is always there).
      { DELIVERY_CONCURRENCY: String(concurrency), TELEGRAM_RATE_PER_SECOND: '1000' },
      1_000_000,
    );
    log(
      `limits off : ${off.deliveries} deliveries in ${off.seconds} s = ${off.perSecond}/s (${r1((100 * off.perSecond) / baseline)}% of baseline)`,
    );
    log(
      `             Redis commands per delivery ${off.commandsPerDelivery} (BullMQ + ledger + report; top: ${off.top})`,
    );
    const on = await phase(
      redisUrl,
      api,
      limited,
      { DELIVERY_CONCURRENCY: String(concurrency), TELEGRAM_RATE_PER_SECOND: String(rate) },
      2_000_000,
    );
    // Achieved rate: deliveries after the first, over the span from the first to the last.
    const achieved = (on.deliveries - 1) / on.firstToLast;
    const deviation = (achieved - rate) / rate;
    log(
      `limits on  : ${on.deliveries} deliveries at ${r1(achieved)}/s vs configured ${rate}/s (${r1(deviation * 100)}%), ${on.seconds} s`,
    );
    // The most messages that reached the API in any one second of the limited run.
    const times = api.deliveries
      .filter((d) => Number(d.chatId) >= 2_000_000 && Number(d.chatId) < 3_000_000)
      .map((d) => d.at)
      .sort((a, b) => a - b);
    let peak = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    log(`             busiest second: ${peak} messages (limit ${rate})`);
    const dups = [...(await api.calls()).values()].filter((c) => c > 1).length;
    log(`duplicates : ${dups}`);
    log(
      JSON.stringify({
        deliveries: off.deliveries,
        per_second: off.perSecond,
        baseline_per_second: baseline,
        redis_commands_per_delivery: off.commandsPerDelivery,
        limited_deliveries: on.deliveries,
        configured_rate: rate,
        achieved_rate: r1(achieved),
        rate_deviation_pct: r1(deviation * 100),
        within_5pct: Math.abs(deviation) <= 0.05,
        busiest_second: peak,
        duplicates: dups,
      }),
    );
  } finally {
    await api.close();
    await stopRedis();
  }
}

/**
 * `npm run bench -- latency [--n 20]`: how soon the service answers where a deadline matters, measured
 * through the real app against loopback fakes and a private redis-server (or REDIS_URL). These are the
 * wall-clock limits the unit tests used to assert (speed lives here, never in unit tests):
 *   1. a producer refuses a job at once while Redis is down (target ≤ 500 ms, it must not buffer);
 *   2. Slack's HTTP ack while the answer is still being posted (target < 1 s; Slack retries after 3 s);
 *   3. stopping Telegram long polling with an update just answered (target < 5 s).
 * The last line is one JSON object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createQueues } from '../src/outbound/queues.js';
import { createKeys } from '../src/store/keys.js';
import { freePort, startEmbeddedRedis } from '../src/store/embedded.js';
import { deleteByPrefix, optionsFromUrl } from '../src/store/redis.js';
import { signSlack, startFakeSlack } from '../test/channels/fake-slack.js';
import { startFakeTelegram } from '../test/channels/fake-telegram.js';
import { fixture, nextUpdateId } from '../test/channels/fixtures.js';

const log = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

function arg(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(name);
  const v = i >= 0 ? Number(argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

function summary(ms: number[]): { p50: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: r1(s[Math.floor((s.length - 1) / 2)] ?? 0), max: r1(s[s.length - 1] ?? 0) };
}

async function startApp(redisUrl: string, env: Record<string, string>): Promise<{ app: App; url: string }> {
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench:lat:${Math.random().toString(36).slice(2, 8)}:`,
    ...env,
  });
  const app = await createApp({
    config,
    logger: createLogger(config.LOG_LEVEL),
    redisTarget: { options: optionsFromUrl(redisUrl), stop: async () => {}, embedded: false },
  });
  return { app, url: (await app.start()) ?? '' };
}

async function stopApp(app: App, redisUrl: string): Promise<void> {
  await app.stop();
  const r = new Redis(optionsFromUrl(redisUrl));
  await deleteByPrefix(r, app.deps.config.REDIS_PREFIX);
  r.disconnect();
}

/** 1. Redis down: how long a producer takes to refuse a job. */
async function producerRefusal(n: number): Promise<{ p50: number; max: number }> {
  const port = await freePort(); // nothing listens there
  const queues = await createQueues({
    redisTarget: { options: { host: '127.0.0.1', port }, stop: async () => {}, embedded: false },
    keys: createKeys('bench:producer:'),
    logger: createLogger('silent'),
  });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await queues.control.add('broadcast', { broadcastId: `x${i}` }, { jobId: `bc|x${i}` }).catch(() => {});
    times.push(performance.now() - t0);
  }
  await queues.close();
  return summary(times);
}

/** 2. Slack over HTTP: the ack of a DM while its answer's chat.postMessage is held 1.5 s. */
async function slackAck(redisUrl: string, n: number): Promise<{ p50: number; max: number }> {
  const slack = await startFakeSlack();
  const secret = 'bench-signing-secret';
  const { app, url } = await startApp(redisUrl, {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.apiUrl,
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      slack.slowNext('chat.postMessage', 1500);
      const body = JSON.stringify(fixture('slack', 'event_dm_message', { event_id: `EvBench${i}${Date.now()}` }));
      const t0 = performance.now();
      const res = await fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signSlack(secret, body) },
        body,
      });
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`slack events answered ${res.status}`);
    }
  } finally {
    await stopApp(app, redisUrl);
    await slack.close();
  }
  return summary(times);
}

/** 3. Telegram long polling: stop the app right after it answered an update. */
async function pollingStop(redisUrl: string, n: number): Promise<{ p50: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const tg = await startFakeTelegram();
    const { app } = await startApp(redisUrl, {
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_MODE: 'polling',
    });
    try {
      tg.queueUpdate(fixture('telegram', 'private_text', { update_id: nextUpdateId() }));
      await tg.waitFor('sendMessage');
      const t0 = performance.now();
      await stopApp(app, redisUrl);
      times.push(performance.now() - t0);
    } finally {
      await tg.close();
    }
  }
  return summary(times);
}

export async function run(argv: string[]): Promise<void> {
  const n = arg(argv, '--n', 20);
  let redisUrl = process.env['REDIS_URL'];
  let stopRedis = async () => {};
  if (!redisUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ud-bench-redis-'));
    const r = await startEmbeddedRedis({ dir, port: await freePort(), persist: false });
    redisUrl = r.url ?? '';
    stopRedis = async () => {
      await r.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  try {
    log(`latency bench: ${n} runs of each`);
    const refusal = await producerRefusal(n);
    log(`producer refusal, Redis down : p50 ${refusal.p50} ms, max ${refusal.max} ms (target ≤ 500 ms)`);
    const ack = await slackAck(redisUrl, n);
    log(`Slack ack, answer held 1.5 s : p50 ${ack.p50} ms, max ${ack.max} ms (target < 1000 ms)`);
    const stop = await pollingStop(redisUrl, Math.max(1, Math.round(n / 4)));
    log(`Telegram polling stop        : p50 ${stop.p50} ms, max ${stop.max} ms (target < 5000 ms)`);
    const ok = refusal.max <= 500 && ack.max < 1000 && stop.max < 5000;
    process.stdout.write(`${JSON.stringify({ bench: 'latency', refusal, ack, stop, ok })}\n`);
  } finally {
    await stopRedis();
  }
}

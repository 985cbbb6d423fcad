import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { testRedisUrl, waitQueuesIdle } from '../helpers/app.js';
import { type FakeBotApi, startFakeBotApi } from './fixtures/fake-bot-api.js';
import { range, startWithTelegram, subscribeChats, telegramEnv, waitReport } from './helpers.js';

let api: FakeBotApi | null = null;
let t: TestApp | null = null;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      killGroup(c, 'SIGTERM');
      await exited;
    }
  }
  await t?.close();
  await api?.close();
  t = null;
  api = null;
});

/** Signal the whole process group (npx → tsx → node), so the worker itself gets it. */
function killGroup(c: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-c.pid!, signal);
  } catch {
    // already gone
  }
}

/** `npx tsx test/jobs/fixtures/worker.ts` against the test Redis, same prefix, the fake Bot API. */
async function spawnWorker(
  t: TestApp,
  api: FakeBotApi,
  token: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn('npx', ['tsx', 'test/jobs/fixtures/worker.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: t.config.REDIS_PREFIX,
      ADMINS: '',
      QUEUE_LOCK_MS: '2000',
      DELIVERY_CONCURRENCY: '20',
      TELEGRAM_RATE_PER_SECOND: '1000',
      ...telegramEnv(api, token),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
  return child;
}

describe('worker processes', () => {
  it('two worker processes share a broadcast without duplicates', async () => {
    api = await startFakeBotApi();
    // The bot process only produces; the two child processes deliver.
    t = await startWithTelegram(api, {}, 'bot');
    const chats = range(10_000, 200);
    await subscribeChats(t, chats);
    await Promise.all([spawnWorker(t, api, '111:worker-a'), spawnWorker(t, api, '111:worker-b')]);
    const id = await t.app.services.calendar.sendBroadcast({ text: '两个进程', by: 'web:boss' });
    await api.waitDelivered(200, 30_000);
    await waitQueuesIdle(t);
    expect(api.deliveries).toHaveLength(200);
    for (const c of chats) expect(api.countFor(c)).toBe(1);
    const byWorker = new Set(api.deliveries.map((d) => d.token));
    expect(byWorker).toEqual(new Set(['111:worker-a', '111:worker-b']));
    const r = await waitReport(t, id, (s) => s.sent === 200);
    expect(r.failed).toEqual([]);
  }, 60_000);

  it('a worker killed with SIGKILL mid-broadcast, then restarted: every chat gets the message exactly once', async () => {
    api = await startFakeBotApi();
    t = await startWithTelegram(api, {}, 'bot');
    const chats = range(20_000, 2000);
    await subscribeChats(t, chats);
    const a = await spawnWorker(t, api, '111:worker-a');
    const id = await t.app.services.calendar.sendBroadcast({ text: '断电测试', by: 'web:boss' });
    await api.waitDelivered(600, 30_000);
    // Park further calls unanswered, let every answered one reach the ledger, then kill.
    api.hold();
    const redis = t.app.deps.redis;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const sent = Object.values(await redis.hgetall(t.app.deps.keys.broadcastDeliveries(id))).filter(
        (v) => v === 'sent',
      ).length;
      if (sent === api.deliveries.length && api.held() > 0) break;
      if (Date.now() > deadline) throw new Error(`ledger ${sent} vs delivered ${api.deliveries.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const inFlight = api.held();
    const gone = new Promise((r) => a.once('exit', r));
    killGroup(a, 'SIGKILL');
    await gone;
    // Wait until the server has seen every parked call's connection close.
    for (let i = 0; i < 100 && api.heldOpen() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const parked = api.held();
    const dropped = api.release();
    expect(inFlight).toBeGreaterThan(0);
    expect(dropped).toBe(parked); // all in flight: their client died before "Telegram" accepted them
    const deliveredBeforeKill = api.deliveries.length;
    expect(deliveredBeforeKill).toBeLessThan(2000);

    await spawnWorker(t, api, '111:worker-b');
    await api.waitDelivered(2000, 40_000);
    await waitQueuesIdle(t, 20_000);
    expect(api.deliveries).toHaveLength(2000);
    const twice = chats.filter((c) => api!.countFor(c) !== 1);
    expect(twice).toEqual([]);
    const r = await waitReport(t, id, (s) => s.sent === 2000);
    expect(r.pending).toBe(0);
    expect(api.deliveries.filter((d) => d.token === '111:worker-b').length).toBe(2000 - deliveredBeforeKill);
  }, 90_000);
});

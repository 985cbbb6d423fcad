import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, testRedisEnv, testRedisUrl } from '../helpers/app.js';
import { spawnTs, type TsProcess } from '../helpers/process.js';

/**
 * Exactly once on the web chat under SIGKILL (issue 17): a broadcast to 2,000 web chats, the worker
 * process SIGKILLed at a random point mid-delivery and a fresh one started, 20 times in a row;
 * every web outbox holds every broadcast exactly once. The web channel writes the outbox entry and
 * the ledger's `sent` in one Lua call, so a delivery in flight at the kill is either done (and the
 * re-run appends nothing) or not (and the re-run appends it once).
 * Each round's restarted worker is the next round's: 21 processes for 20 kills, the next ones
 * warmed (modules loaded, not connected) while the current one delivers.
 */

const CHATS = 2000;
/** Workers warming ahead (a start is seconds of module loading on a busy machine). */
const AHEAD = 3;
const KILLS = 20;

let t: TestApp;
let workers: TsProcess[] = [];

function spawnWorker(): TsProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    REDIS_URL: testRedisUrl(),
    ...testRedisEnv(),
    REDIS_PREFIX: t.config.REDIS_PREFIX,
    QUIET_HOURS: 'off',
    // A killed worker's jobs are taken up again after a second.
    QUEUE_LOCK_MS: '1000',
    DELIVERY_CONCURRENCY: '50',
    WAIT_FOR_GO: '1',
  };
  const w = spawnTs('test/outbound/delivery-worker.ts', env);
  workers.push(w);
  return w;
}

async function go(w: TsProcess): Promise<void> {
  await w.waitFor('loaded');
  w.child.stdin!.write('go\n');
  await w.waitFor('ready');
}

const chatId = (i: number) => `sk${i}`;

beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: 'false', QUIET_HOURS: 'off' }, { role: 'worker' });
  const svc = t.app.services.calendar;
  for (let i = 0; i < CHATS; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, CHATS - i) }, (_, j) => svc.subscribe({ channel: 'web', chatId: chatId(i + j) }, [], { by: `web:sk${i + j}` })),
    );
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  workers = [];
  await t?.close();
});

/** Deliveries of broadcast `id` reported sent so far. */
async function sent(id: string): Promise<number> {
  const states = await t.app.deps.redis.hvals(t.app.deps.keys.broadcastDeliveries(id));
  return states.filter((v) => v === 'sent').length;
}

/** How often each broadcast round's text is in each chat's outbox: round → counts. */
async function outboxCounts(rounds: number): Promise<number[][]> {
  const { redis, keys } = t.app.deps;
  const p = redis.pipeline();
  for (let i = 0; i < CHATS; i++) p.lrange(keys.outbox(chatId(i)), 0, -1);
  const lists = ((await p.exec()) ?? []).map(([, v]) => (v as string[]).map((s) => JSON.parse(s) as { text: string }));
  return Array.from({ length: rounds }, (_, r) =>
    lists.map((msgs) => msgs.filter((m) => m.text.includes(`#${r} `)).length),
  );
}

describe('web delivery under SIGKILL', () => {
  it(`${KILLS} kills mid-broadcast to ${CHATS} web chats: 0 duplicates, 0 lost`, async () => {
    const svc = t.app.services.calendar;
    const pool = Array.from({ length: AHEAD }, () => spawnWorker());
    let w = pool.shift()!;
    await go(w);
    const atKill: number[] = [];
    const rounds: { lost: number; duplicated: number }[] = [];
    for (let r = 0; r < KILLS; r++) {
      if (workers.length < KILLS + 1) pool.push(spawnWorker());
      const t0 = Date.now();
      const id = await svc.sendBroadcast({ text: `停电通知 #${r} 活动改期 / power cut, moved`, by: 'test' });
      const threshold = 50 + Math.floor(Math.random() * (CHATS - 300));
      while ((await sent(id)) < threshold) await new Promise((res) => setTimeout(res, 25));
      await w.kill();
      atKill.push(await sent(id));
      const t1 = Date.now();
      w = pool.shift()!;
      await go(w);
      const t2 = Date.now();
      for (;;) {
        const rep = await svc.broadcastReport(id);
        if (rep && rep.total === CHATS && rep.pending === 0) {
          expect(rep.failed).toEqual([]);
          break;
        }
        await new Promise((res) => setTimeout(res, 50));
      }
      const counts = (await outboxCounts(r + 1))[r]!;
      const result = { lost: counts.filter((n) => n === 0).length, duplicated: counts.filter((n) => n > 1).length };
      if (process.env['SIGKILL_TRACE']) {
        const times = `killed after ${t1 - t0} ms, next worker up ${t2 - t1} ms, rest delivered ${Date.now() - t2} ms`;
        process.stderr.write(`round ${r}: ${atKill[r]} sent at the kill; ${times}; ${JSON.stringify(result)}\n`);
      }
      expect(result, `round ${r}`).toEqual({ lost: 0, duplicated: 0 });
      rounds.push(result);
    }
    // Every kill came mid-delivery: part of the broadcast was reported, part not.
    for (const n of atKill) expect(n).toBeLessThan(CHATS);
    // Deliveries in flight at a kill were sent again by the next worker (it says so), appending nothing.
    await Promise.all(pool.map((p) => p.kill()));
    const resent = workers.reduce((a, p) => a + (p.output().match(/died while sending/g)?.length ?? 0), 0);
    expect(resent).toBeGreaterThan(0);
    console.info(`web SIGKILL: reported at kill ${atKill.join(', ')}; in-flight re-runs ${resent}`);
    expect(rounds).toEqual(Array.from({ length: KILLS }, () => ({ lost: 0, duplicated: 0 })));
    // And the earlier rounds still hold once each, nothing appended to them later.
    const all = await outboxCounts(KILLS);
    expect(all.every((counts) => counts.every((n) => n === 1))).toBe(true);
  }, 1_200_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_QUEUE } from '../../src/outbound/queues.js';
import { jobState, startTestApp, type TestApp, testRedisUrl } from '../helpers/app.js';
import { last, updates, waitFor } from './helpers.js';

let t: TestApp | null = null;
let child: ChildProcess | null = null;

/** Signal the whole group (npm → sh → tsx → node), as a process manager stopping the service would. */
function signalGroup(c: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-c.pid!, signal);
  } catch {
    // already gone
  }
}

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    signalGroup(child, 'SIGKILL');
    await gone;
  }
  child = null;
  await t?.close();
  t = null;
});

describe('npm run worker as its own process', () => {
  it('delivers a broadcast queued by the bot, then exits 0 on SIGTERM', async () => {
    // The bot answers chats but runs no workers: only the child process can deliver.
    t = await startTestApp({ ADMINS: 'web:boss', RUN_WORKERS: 'false' });
    expect(last(await t.chat({ userId: 'u1', chatId: 'hall', text: '/subscribe' })).text).toContain('已订阅');
    const preview = last(
      await t.chat({ userId: 'boss', chatId: 'boss', text: '/broadcast 工人文化宫今晚停电，活动改期' }),
    );
    const confirm = preview.choices!.find((c) => c.value.startsWith('bc:confirm:'))!;
    const queued = last(await t.chat({ userId: 'boss', chatId: 'boss', action: confirm.value }));
    expect(queued.text).toContain('/broadcast status');
    // The broadcast's fan-out job sits in the control queue, taken by nobody: nobody delivers yet.
    const bid = /\/broadcast status (\S+)/.exec(queued.text)?.[1] ?? '';
    expect(await jobState(t, CONTROL_QUEUE, `bc|${bid}`)).toBe('waiting');
    expect(await updates(t, 'hall')).toEqual([]); // nobody delivers yet

    let out = '';
    child = spawn('npm', ['run', 'worker'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: t.config.REDIS_PREFIX,
        ADMINS: 'web:boss',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));

    const msg = await waitFor(async () => (await updates(t!, 'hall'))[0], 30_000, `delivery by the worker\n${out}`);
    expect(msg.text).toContain('工人文化宫今晚停电');
    const status = await waitFor(
      async () => {
        const s = last(await t!.chat({ userId: 'boss', chatId: 'boss', text: `/broadcast status ${bid}` })).text;
        return s.includes('已送达 1') ? s : undefined;
      },
      8000,
      'status',
    );
    expect(status).toContain('失败 0');

    // SIGTERM to the worker's own node process (the one docker-compose runs as `node dist/src/worker.js`):
    // it drains and exits 0, and tsx and npm exit with its code. (npm itself dies by the signal when it
    // is signalled directly, whatever the worker does, so it is not the process to stop.)
    const pid = Number(/"pid":(\d+)[^\n]*worker is up/.exec(out)?.[1]);
    expect(pid, out).toBeGreaterThan(0);
    process.kill(pid, 'SIGTERM');
    expect(await exited, out).toBe(0);
    expect(out).toContain('shutting down');
    expect(out).toContain('worker is up');
    // Exactly once.
    expect(await updates(t, 'hall')).toHaveLength(1);
  }, 45_000);
});

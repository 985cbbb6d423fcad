import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnvFile } from '../../src/env-file.js';
import { projectRoot } from '../../src/paths.js';
import { deleteByPrefix } from '../../src/store/redis.js';
import { testRedis, testRedisUrl, uniquePrefix } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { startMain } from '../helpers/process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ud-env-'));
const envFile = (name: string, text: string): string => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
const prefixes: string[] = [];
const fresh = (label: string): string => {
  const p = uniquePrefix(label);
  prefixes.push(p);
  return p;
};
afterAll(async () => {
  const r = testRedis();
  for (const p of prefixes) await deleteByPrefix(r, p);
  r.disconnect();
});

/** The reminder jobs queued for an event: the lead part of each `rem|id|start|lead` job id. */
async function leadsQueued(prefix: string, eventId: string): Promise<string[]> {
  const r = testRedis();
  const keys = await r.keys(`${prefix}bull:calendar:rem|${eventId}|*`);
  r.disconnect();
  return keys.map((k) => k.split('|').pop() ?? '').sort();
}

describe('.env', () => {
  it('fills only what the environment leaves unset, and tolerates a missing file', () => {
    const file = envFile('a.env', 'REMINDER_LEAD_TIMES=30m\nTIMEZONE=Asia/Shanghai\n# a comment\nQUOTED="a b"\n');
    const env: NodeJS.ProcessEnv = { ENV_FILE: file, TIMEZONE: 'UTC' };
    expect(loadEnvFile(env).sort()).toEqual(['QUOTED', 'REMINDER_LEAD_TIMES']);
    expect(env).toMatchObject({ REMINDER_LEAD_TIMES: '30m', TIMEZONE: 'UTC', QUOTED: 'a b' });
    expect(loadEnvFile({ ENV_FILE: path.join(dir, 'missing.env') })).toEqual([]);
  });

  it('is honoured by the CLI: REMINDER_LEAD_TIMES only in .env decides the reminders event add queues', async () => {
    const prefix = fresh('env-cli');
    const file = envFile('cli.env', 'REMINDER_LEAD_TIMES=30m,5m\n');
    // Three hours from now, in the bot's time zone (Asia/Shanghai).
    const start = DateTime.now().setZone('Asia/Shanghai').plus({ hours: 3 }).toFormat("yyyy-MM-dd'T'HH:mm");
    const r = await runCli(['event', 'add', '--title', '班组长例会', '--start', start], {
      prefix,
      env: { ENV_FILE: file },
    });
    expect(r.code, r.err).toBe(0);
    const id = r.out.split('\t')[0]!;
    expect(await leadsQueued(prefix, id)).toEqual(['30m', '5m']);
    // The environment wins over the file.
    const r2 = await runCli(['event', 'add', '--title', '读书会', '--start', start], {
      prefix,
      env: { ENV_FILE: file, REMINDER_LEAD_TIMES: '45m' },
    });
    expect(await leadsQueued(prefix, r2.out.split('\t')[0]!)).toEqual(['45m']);
  }, 60_000);

  it('is honoured by npm start: the port, the admins and the lead times come from the file', async () => {
    const prefix = fresh('env-start');
    const file = envFile(
      'start.env',
      `PORT=0\nADMINS=web:boss\nREMINDER_LEAD_TIMES=20m\nREDIS_URL=${testRedisUrl()}\nREDIS_PREFIX=${prefix}\nLOG_LEVEL=info\n`,
    );
    const { REDIS_URL: _u, REDIS_PREFIX: _p, ADMINS: _a, REMINDER_LEAD_TIMES: _l, PORT: _port, ...env } = process.env;
    const { child, url } = await startMain({ ...env, ENV_FILE: file, CORPUS_DIRS: dir });
    try {
      const res = await fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chatId: 'boss', userId: 'boss', text: '/event add 班组长例会 明天上午9点 市总工会' }),
      });
      expect(res.status).toBe(200);
      const redis = testRedis();
      const events = await redis.zrange(`${prefix}events`, '0', '-1');
      redis.disconnect();
      const added = events.filter((id) => !id.startsWith('seed-'));
      expect(added).toHaveLength(1);
      expect(await leadsQueued(prefix, added[0]!)).toEqual(['20m']);
    } finally {
      const exit = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exit;
    }
  }, 60_000);
});

describe('.env.example', () => {
  it('documents every configuration variable, and parses as a valid configuration', async () => {
    const { configSchema, loadConfig } = await import('../../src/config.js');
    const { readFileSync } = await import('node:fs');
    const { parseEnv } = await import('node:util');
    const example = parseEnv(readFileSync(path.join(projectRoot, '.env.example'), 'utf8')) as Record<string, string>;
    const names = Object.keys(configSchema.shape);
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((n) => !(n in example))).toEqual([]);
    expect(() => loadConfig(example)).not.toThrow();
  });
});

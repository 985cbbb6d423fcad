import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { deleteByPrefix } from '../../src/store/redis.js';
import { testRedis, testRedisUrl, uniquePrefix } from '../helpers/app.js';

const prefix = uniquePrefix('cli');
const emptyCorpus = mkdtempSync(path.join(tmpdir(), 'ud-cli-corpus-'));
afterAll(async () => {
  const r = testRedis();
  await deleteByPrefix(r, prefix);
  r.disconnect();
});

/** `npm run cli -- …` as the npm script runs it (tsx), against the test Redis. */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', CORPUS_DIRS: emptyCorpus },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run cli', () => {
  it('lists its commands with --help and refuses an unknown one', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['ask', 'eval', 'export', 'event', 'broadcast', 'staff', 'role']) expect(help.out).toContain(name);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('未知命令 / unknown command: frobnicate');
  }, 30_000);

  it('sets and lists roles in the shared Redis, and explains bad usage', async () => {
    const set = await cli(['role', 'set', 'telegram:9', 'staff']);
    expect(set).toMatchObject({ code: 0, out: 'telegram:9\tstaff\n' });
    const list = await cli(['role', 'list']);
    expect(list.out).toContain('telegram:9\tstaff');
    const bad = await cli(['role', 'set', 'telegram:9', 'king']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('用法 / usage');
  }, 60_000);
});

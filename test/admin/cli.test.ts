import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, testRedisUrl, uniquePrefix } from '../helpers/app.js';
import { run } from '../../src/cli/staff.js';
import { ConsoleClient } from './client.js';

const prefix = uniquePrefix('admin-cli');
const tsx = path.resolve('node_modules/.bin/tsx');
const emptyDir = mkdtempSync(path.join(tmpdir(), 'ud-admin-cli-'));
let t: TestApp | undefined;
afterAll(async () => t?.close());

/** Run `npm run cli -- …` (through tsx, as the npm script does) with the test Redis and prefix. */
function cli(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(tsx, ['src/cli/index.ts', ...args], {
      env: {
        ...process.env,
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'silent',
        CORPUS_DIRS: emptyDir,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    p.stdin.end(stdin ?? '');
  });
}

describe('npm run cli -- staff', () => {
  it('creates an account from a password on stdin, which can then sign in', async () => {
    const r = await cli(['staff', 'add', 'xu', '--password-stdin'], 'a-long-enough-password\n');
    expect(r.err).toBe('');
    expect(r.out).toBe('created\txu\tstaff\n');
    expect(r.code).toBe(0);
    t = await startTestApp({ REDIS_PREFIX: prefix });
    const c = new ConsoleClient(t.url, '192.0.2.99');
    expect((await c.login('xu', 'a-long-enough-password')).status).toBe(303);
    const list = await cli(['staff', 'list']);
    expect(list.out).toMatch(/^xu\tstaff\t\d{4}-/);
  }, 60_000);

  it('refuses duplicates, saying why', async () => {
    const dup = await cli(['staff', 'add', 'xu', '--password-stdin'], 'another-long-password\n');
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('已存在');
  }, 60_000);

  it('refuses a password given on the command line (before opening anything)', async () => {
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await run(['add', 'he', 'secret'])).toBe(2);
      expect(await run([])).toBe(2);
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).toContain('--password-stdin');
  });

  it('refuses short passwords and bad names in the store the CLI uses', async () => {
    const staff = t!.app.services.staff;
    await expect(staff.add('he', 'short')).rejects.toThrow(/10/);
    await expect(staff.add('a b', 'long-enough-password')).rejects.toThrow(/2–32/);
  });
});

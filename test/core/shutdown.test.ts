import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { testRedisUrl, uniquePrefix } from '../helpers/app.js';
import { startMain } from '../helpers/process.js';

describe('process life', () => {
  it('serves, then drains and exits 0 on SIGTERM', async () => {
    const { child, url, output } = await startMain({
      ...process.env,
      PORT: '0',
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: uniquePrefix('shutdown'),
      LOG_LEVEL: 'info',
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const started = Date.now();
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(output()).toContain('shutting down');
  }, 40_000);

  it('refuses to start on bad configuration, naming each problem', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, PORT: 'eighty', ADMINS: 'bob' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toContain('PORT');
    expect(err).toContain('ADMINS');
  }, 30_000);
});

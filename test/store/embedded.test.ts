import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis } from '../../src/store/embedded.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ud-embedded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded redis-server', () => {
  it('starts on a private unix socket, keeps data across a restart (AOF), and stops', async () => {
    const first = await startEmbeddedRedis({ dir });
    expect(first.owned).toBe(true);
    expect(first.options.path).toBe(path.join(dir, 'redis.sock'));
    const c = new Redis(first.options);
    await c.set('k', 'v');
    expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);

    // A second caller (the CLI while the bot runs) joins the running server instead of starting one.
    const joined = await startEmbeddedRedis({ dir });
    expect(joined.owned).toBe(false);
    await joined.stop();
    expect(await c.get('k')).toBe('v');
    c.disconnect();

    await first.stop();
    const probe = new Redis({ ...first.options, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();

    const second = await startEmbeddedRedis({ dir });
    const c2 = new Redis(second.options);
    expect(await c2.get('k')).toBe('v');
    c2.disconnect();
    await second.stop();
  });

  it('says how to install redis-server when it is missing', async () => {
    const savedPath = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      await expect(startEmbeddedRedis({ dir: path.join(dir, 'missing') })).rejects.toThrow(/apt-get install redis-server.*REDIS_URL/s);
    } finally {
      process.env['PATH'] = savedPath;
    }
  });
});

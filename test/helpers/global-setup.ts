import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedRedis } from '../../src/store/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** One throwaway redis-server for the whole run (or REDIS_URL when set); every test file uses its own key prefix. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['REDIS_URL'];
  if (external) {
    project.provide('redisUrl', external);
    return async () => {};
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'ud-test-redis-'));
  const redis = await startEmbeddedRedis({ dir, port: await freePort(), persist: false });
  project.provide('redisUrl', redis.url!);
  return async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

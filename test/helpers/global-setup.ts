import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startEmbeddedRedis } from '../../src/store/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startEmbeddedRedis } from '../../src/store/embedded.js';
import { haEnv, startRedisCluster, startRedisSentinel } from './ha-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** REDIS_CLUSTER_NODES or REDIS_SENTINELS + REDIS_SENTINEL_NAME when REDIS_TEST_MODE asks for them. */
    redisEnv: Record<string, string>;
  }
}

/**
 * One throwaway redis-server for the whole run (or REDIS_URL when set); every test file uses its own
 * key prefix. REDIS_TEST_MODE=cluster runs against a three-master Redis Cluster, =sentinel against a
 * master + replica watched by three sentinels (test/helpers/ha-redis.ts; `npm run test:ha`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mode = process.env['REDIS_TEST_MODE'] ?? 'single';
  if (mode === 'cluster' || mode === 'sentinel') {
    const set = mode === 'cluster' ? await startRedisCluster() : await startRedisSentinel();
    const port = 'nodes' in set ? set.nodes[0]!.port : await set.masterPort();
    project.provide('redisUrl', `redis://127.0.0.1:${port}`);
    project.provide('redisEnv', haEnv(set));
    return () => set.stop();
  }
  if (mode !== 'single') throw new Error(`REDIS_TEST_MODE is single, cluster or sentinel, not ${mode}`);
  project.provide('redisEnv', {});
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

import { afterAll, describe, expect, it } from 'vitest';
import { createLease } from '../../src/channels/lease.js';
import { createLogger } from '../../src/logger.js';
import { createKeys } from '../../src/store/keys.js';
import { testRedis, uniquePrefix } from '../helpers/app.js';
import { deleteByPrefix } from '../../src/store/redis.js';

const redis = testRedis();
const prefix = uniquePrefix('lease');
const deps = { redis, keys: createKeys(prefix), logger: createLogger('silent') };
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  redis.disconnect();
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('long-connection lease', () => {
  it('one holder at a time; the other takes over when the holder stops, or dies (its key expires)', async () => {
    const log: string[] = [];
    const make = (who: string, r = redis) =>
      createLease(
        { ...deps, redis: r },
        {
          name: 'test',
          ttlMs: 300,
          connect: async () => void log.push(`${who}+`),
          disconnect: async () => void log.push(`${who}-`),
        },
      );
    const a = make('a');
    const bRedis = testRedis();
    const b = make('b', bRedis);
    await a.start();
    await b.start();
    expect(a.held()).toBe(true);
    expect(b.held()).toBe(false);
    await a.stop();
    await until(() => b.held());
    expect(log).toEqual(['a+', 'a-', 'b+']);

    // b's process loses Redis (as a dead or cut-off replica does): it cannot renew, so it closes its
    // connection, and c takes over once the key has expired.
    const c = make('c');
    await c.start();
    expect(c.held()).toBe(false);
    bRedis.disconnect();
    await until(() => c.held());
    await until(() => !b.held());
    expect(log.slice(3)).toContain('c+');
    expect(log.slice(3)).toContain('b-');
    await b.stop();
    await c.stop();
  });
});

import { describe, expect, it } from 'vitest';
import { hashTagOf, loadConfig } from '../../src/config.js';
import { targetFromConfig } from '../../src/store/redis.js';

/** The three Redis modes as configuration: what each env var set gives (no server needed). */
describe('Redis modes in the configuration', () => {
  it('REDIS_URL alone is a single Redis; nothing set is the embedded one', () => {
    const c = loadConfig({ REDIS_URL: 'redis://:pw@10.0.0.5:6380/2' });
    expect(c.redisMode).toBe('single');
    expect(targetFromConfig(c)?.options).toMatchObject({ host: '10.0.0.5', port: 6380, password: 'pw', db: 2 });
    expect(targetFromConfig(loadConfig({}))).toBeNull();
  });

  it('REDIS_SENTINELS: ioredis asks the sentinels for REDIS_SENTINEL_NAME; REDIS_URL adds the password and db', () => {
    const c = loadConfig({
      REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26380',
      REDIS_SENTINEL_NAME: 'ud-master',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
      REDIS_URL: 'redis://:pw@ignored:1/3',
    });
    expect(c.redisMode).toBe('sentinel');
    const t = targetFromConfig(c)!;
    expect(t.cluster).toBeUndefined();
    expect(t.options).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'ud-master',
      sentinelPassword: 'sentinel-pw',
      password: 'pw',
      db: 3,
    });
    expect(c.REDIS_PREFIX).toBe('ud:'); // one server holds every key: no hash tag needed
  });

  it('REDIS_CLUSTER_NODES: the default prefix becomes {ud}: so every key shares one slot', () => {
    const c = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7001' });
    expect(c.redisMode).toBe('cluster');
    expect(c.REDIS_PREFIX).toBe('{ud}:');
    expect(targetFromConfig(c)?.cluster).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
    ]);
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_PREFIX: 'desk:{fed}:' }).REDIS_PREFIX).toBe('desk:{fed}:');
  });

  it('refuses a cluster prefix without a hash tag, and both HA modes at once', () => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_PREFIX: 'desk:' })).toThrow(
      /REDIS_PREFIX: .*hash tag.*REDIS_PREFIX=\{desk\}:/,
    );
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_PREFIX: 'desk:{}:' })).toThrow(/hash tag/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2' })).toThrow(/not both/);
    expect(() => loadConfig({ REDIS_SENTINELS: '10.0.0.1' })).toThrow(/REDIS_SENTINELS: each entry is host:port/);
  });

  it('hashTagOf: the first non-empty {…} is what Redis Cluster hashes', () => {
    expect(hashTagOf('{ud}:')).toBe('ud');
    expect(hashTagOf('a:{b}:{c}')).toBe('b');
    expect(hashTagOf('ud:')).toBeNull();
    expect(hashTagOf('{}:x')).toBeNull();
    expect(hashTagOf('{ud:')).toBeNull();
  });
});

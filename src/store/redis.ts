import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';
import { fromRoot } from '../paths.js';
import { type EmbeddedRedis, startEmbeddedRedis } from './embedded.js';
import { COMMAND_TIMEOUT_MS, failFastOnceReady } from './unavailable.js';

export interface HostPort {
  host: string;
  port: number;
}

export interface RedisTarget {
  /** A plain or Sentinel connection's options; in cluster mode, every node connection's (no host/port). */
  options: RedisOptions;
  /** Redis Cluster: the seed nodes (REDIS_CLUSTER_NODES). */
  cluster?: HostPort[];
  /** Stop an embedded server this process owns (no-op otherwise). */
  stop(): Promise<void>;
  embedded: boolean;
}

export function optionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const opts: RedisOptions = { host: u.hostname, port: Number(u.port || 6379) };
  if (u.password) opts.password = decodeURIComponent(u.password);
  if (u.username) opts.username = decodeURIComponent(u.username);
  const db = u.pathname.replace('/', '');
  if (db) opts.db = Number(db);
  if (u.protocol === 'rediss:') opts.tls = {};
  return opts;
}

type RedisConfig = Pick<Config, 'REDIS_URL' | 'DATA_DIR'> &
  Partial<Pick<Config, 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' | 'REDIS_SENTINEL_PASSWORD' | 'REDIS_CLUSTER_NODES'>>;

/**
 * Where Redis is, without connecting: REDIS_CLUSTER_NODES (a Cluster; REDIS_URL may add password/tls),
 * REDIS_SENTINELS + REDIS_SENTINEL_NAME (ioredis asks the sentinels for the master and follows a
 * failover; REDIS_URL may add password/db/tls), else REDIS_URL, else null (no external Redis).
 */
export function targetFromConfig(config: Omit<RedisConfig, 'DATA_DIR'>): RedisTarget | null {
  const fromUrl = config.REDIS_URL ? optionsFromUrl(config.REDIS_URL) : {};
  const { host: _h, port: _p, ...auth } = fromUrl;
  const external = (t: Omit<RedisTarget, 'stop' | 'embedded'>): RedisTarget => ({
    ...t,
    stop: async () => {},
    embedded: false,
  });
  if (config.REDIS_CLUSTER_NODES?.length) {
    const { db: _db, ...nodeOpts } = auth; // a cluster has only db 0
    return external({ options: nodeOpts, cluster: config.REDIS_CLUSTER_NODES });
  }
  if (config.REDIS_SENTINELS?.length) {
    const options: RedisOptions = {
      ...auth,
      sentinels: config.REDIS_SENTINELS,
      name: config.REDIS_SENTINEL_NAME ?? 'mymaster',
    };
    if (config.REDIS_SENTINEL_PASSWORD) options.sentinelPassword = config.REDIS_SENTINEL_PASSWORD;
    return external({ options });
  }
  if (config.REDIS_URL) return external({ options: fromUrl });
  return null;
}

/** The configured Redis (see targetFromConfig); otherwise a private redis-server under DATA_DIR/redis. */
export async function resolveRedis(config: RedisConfig): Promise<RedisTarget> {
  const t = targetFromConfig(config);
  if (t) return t;
  const e: EmbeddedRedis = await startEmbeddedRedis({ dir: fromRoot(`${config.DATA_DIR}/redis`) });
  return { options: e.options, stop: e.stop, embedded: true };
}

export type ConnectionRole = 'command' | 'producer' | 'worker' | 'subscriber';

function roleOptions(role: ConnectionRole): Pick<RedisOptions, 'enableOfflineQueue' | 'maxRetriesPerRequest'> {
  switch (role) {
    case 'producer':
      return { enableOfflineQueue: false, maxRetriesPerRequest: 1 };
    case 'worker':
    case 'subscriber':
      return { maxRetriesPerRequest: null };
    default:
      // Fails fast while Redis is away (src/store/unavailable.ts): callers turn that into a reply.
      return { maxRetriesPerRequest: 1 };
  }
}

/**
 * One factory for every connection, the BullMQ way: producers fail fast when Redis is down
 * (no offline queue), workers and blocking clients retry forever (maxRetriesPerRequest null).
 * The same for the three modes: a plain Redis, a Sentinel-managed master (ioredis re-asks the
 * sentinels after a failover) or a Cluster. A Cluster has the same command API as a Redis (it is
 * returned as one); multi-key commands must then stay in one slot, which REDIS_PREFIX's hash tag
 * guarantees (src/store/README.md). Only SCAN and CONFIG differ: use `mastersOf`.
 */
export function createRedis(target: Pick<RedisTarget, 'options' | 'cluster'>, role: ConnectionRole = 'command'): Redis {
  const name = `union-desk:${role}`;
  const { enableOfflineQueue, maxRetriesPerRequest } = roleOptions(role);
  if (target.cluster?.length) {
    const {
      host: _h,
      port: _p,
      path: _s,
      sentinels: _x,
      retryStrategy: _r,
      enableOfflineQueue: _o,
      ...node
    } = target.options;
    const opts: ClusterOptions = {
      lazyConnect: false,
      redisOptions: {
        ...node,
        connectionName: name,
        maxRetriesPerRequest,
        ...(role === 'command' ? { commandTimeout: COMMAND_TIMEOUT_MS } : {}),
      },
      // After a failover the slots move: follow MOVED at once and refresh the map often.
      retryDelayOnMoved: 50,
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
      clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
    };
    if (enableOfflineQueue === false) opts.enableOfflineQueue = false;
    return new Cluster(target.cluster, opts) as unknown as Redis;
  }
  const base: RedisOptions = { ...target.options, lazyConnect: false, connectionName: name, maxRetriesPerRequest };
  if (enableOfflineQueue === false) base.enableOfflineQueue = false;
  if (role === 'command') return failFastOnceReady(new Redis({ ...base, commandTimeout: COMMAND_TIMEOUT_MS }));
  return new Redis(base);
}

/** Is this client a Redis Cluster (createRedis hands one out typed as Redis)? */
export function isCluster(redis: Redis): boolean {
  return (redis as unknown as { isCluster?: boolean }).isCluster === true;
}

/**
 * The servers holding data: every master of a Cluster (SCAN and CONFIG see only the node they run
 * on), else the client itself.
 */
export function mastersOf(redis: Redis): Redis[] {
  return isCluster(redis) ? (redis as unknown as Cluster).nodes('master') : [redis];
}

/** Warn when Redis may evict keys (queues and form drafts would be lost). */
export async function checkEvictionPolicy(redis: Redis): Promise<string | null> {
  try {
    for (const node of mastersOf(redis)) {
      const res = (await node.config('GET', 'maxmemory-policy')) as string[];
      const policy = res[1];
      if (policy && policy !== 'noeviction') {
        return `Redis maxmemory-policy is "${policy}"; set it to "noeviction" or queued jobs and form drafts may be lost.`;
      }
    }
  } catch {
    // CONFIG may be disabled on managed Redis; nothing to check then.
  }
  return null;
}

/**
 * Every key matching `pattern`, in batches: SCAN on each master (a Cluster's keys are spread over
 * its masters; a SCAN sees one node). Batches from one node may repeat a key (SCAN's guarantee).
 */
export async function* scanKeys(redis: Redis, pattern: string, count = 1000): AsyncGenerator<string[]> {
  for (const node of mastersOf(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (keys.length) yield keys;
    } while (cursor !== '0');
  }
}

/** Delete every key under a prefix (tests and `cli reset`). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let n = 0;
  // One key per UNLINK through the client: in a Cluster, keys of one batch may sit in different slots.
  for await (const keys of scanKeys(redis, `${prefix}*`)) {
    if (isCluster(redis)) n += (await Promise.all(keys.map((k) => redis.unlink(k)))).reduce((a, b) => a + b, 0);
    else n += await redis.unlink(...keys);
  }
  return n;
}

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '../../src/store/embedded.js';
import type { HostPort } from '../../src/store/redis.js';

/**
 * Real Redis Cluster and Sentinel sets for the HA tests, on free loopback ports in a temp dir:
 * plain redis-server / redis-sentinel children (Debian's redis-server and redis-sentinel packages).
 */

const run = promisify(execFile);

interface Server {
  port: number;
  child: ChildProcess;
  exited: Promise<void>;
}

async function waitPing(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    c.on('error', () => {});
    try {
      await c.connect();
      if ((await c.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      c.disconnect();
    }
    if (Date.now() > until) throw new Error(`redis on port ${port} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startServer(bin: string, args: string[], port: number): Promise<Server> {
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitPing(port);
  return { port, child, exited };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGKILL'); // throwaway data: no need to save
  await s.exited;
}

const serverArgs = (dir: string, port: number) => [
  '--port',
  String(port),
  '--bind',
  '127.0.0.1',
  '--dir',
  dir,
  '--save',
  '',
  '--appendonly',
  'no',
  '--maxmemory-policy',
  'noeviction',
  // A replica's first sync starts at once (Redis 7 waits 5 s by default for more replicas).
  '--repl-diskless-sync-delay',
  '0',
  '--logfile',
  path.join(dir, 'redis.log'),
];

export interface TestCluster {
  nodes: HostPort[];
  stop(): Promise<void>;
}

/** Three masters (no replicas) on loopback, `redis-cli --cluster create`d, waited for until cluster_state:ok. */
export async function startRedisCluster(masters = 3): Promise<TestCluster> {
  const root = mkdtempSync(path.join(tmpdir(), 'ud-test-cluster-'));
  const servers: Server[] = [];
  const stop = async () => {
    await Promise.all(servers.map(stopServer));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const dir = path.join(root, String(port));
      mkdirSync(dir);
      const args = [
        ...serverArgs(dir, port),
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        path.join(dir, 'nodes.conf'),
      ];
      args.push('--cluster-node-timeout', '2000');
      servers.push(await startServer('redis-server', args, port));
    }
    const addrs = servers.map((s) => `127.0.0.1:${s.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addrs, '--cluster-replicas', '0', '--cluster-yes']);
    const until = Date.now() + 20_000;
    for (const s of servers) {
      for (;;) {
        const { stdout } = await run('redis-cli', ['-p', String(s.port), 'cluster', 'info']);
        if (stdout.includes('cluster_state:ok')) break;
        if (Date.now() > until) throw new Error(`cluster not ok:\n${stdout}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodes: servers.map((s) => ({ host: '127.0.0.1', port: s.port })), stop };
}

export interface TestSentinel {
  sentinels: HostPort[];
  name: string;
  /** The port of whichever server the sentinels call master now. */
  masterPort(): Promise<number>;
  /** SIGKILL the current master (the sentinels then promote the replica). */
  killMaster(): Promise<number>;
  /** Resolves once the sentinels name a master other than `oldPort`. */
  waitFailover(oldPort: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A master, one replica and three sentinels (quorum 2) on loopback, watching the master as
 * `name`. Fast detection for tests: down after 1 s, failover timeout 5 s.
 */
export async function startRedisSentinel(name = 'udtest'): Promise<TestSentinel> {
  const root = mkdtempSync(path.join(tmpdir(), 'ud-test-sentinel-'));
  const data: Server[] = [];
  const watchers: Server[] = [];
  const stop = async () => {
    await Promise.all([...watchers, ...data].map(stopServer));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const dir = path.join(root, `redis-${port}`);
      mkdirSync(dir);
      const args = serverArgs(dir, port);
      if (i === 1) args.push('--replicaof', '127.0.0.1', String(data[0]!.port));
      data.push(await startServer('redis-server', args, port));
    }
    // The replica holds the master's data (its first sync done) before anything can fail over to it.
    const synced = Date.now() + 20_000;
    for (;;) {
      const { stdout } = await run('redis-cli', ['-p', String(data[1]!.port), 'info', 'replication']);
      if (/master_link_status:up/.test(stdout)) break;
      if (Date.now() > synced) throw new Error(`the replica did not sync:\n${stdout}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const dir = path.join(root, `sentinel-${port}`);
      mkdirSync(dir);
      const conf = path.join(dir, 'sentinel.conf');
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `logfile ${path.join(dir, 'sentinel.log')}`,
          `sentinel monitor ${name} 127.0.0.1 ${data[0]!.port} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      watchers.push(await startServer('redis-sentinel', [conf], port));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const sentinels = watchers.map((s) => ({ host: '127.0.0.1', port: s.port }));
  const masterPort = async (): Promise<number> => {
    const { stdout } = await run('redis-cli', [
      '-p',
      String(sentinels[0]!.port),
      'sentinel',
      'get-master-addr-by-name',
      name,
    ]);
    return Number(stdout.trim().split('\n')[1]);
  };
  // The sentinels must have found the replica (and each other) before a failover can elect it.
  const until = Date.now() + 20_000;
  for (;;) {
    const { stdout } = await run('redis-cli', ['-p', String(sentinels[0]!.port), 'sentinel', 'master', name]);
    const lines = stdout.trim().split('\n');
    const field = (f: string) => Number(lines[lines.indexOf(f) + 1]);
    if (field('num-slaves') >= 1 && field('num-other-sentinels') >= 2) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`sentinels did not see the replica and each other:\n${stdout}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    sentinels,
    name,
    masterPort,
    async killMaster() {
      const port = await masterPort();
      const s = data.find((d) => d.port === port);
      if (!s) throw new Error(`no master on ${port}`);
      await stopServer(s);
      return port;
    },
    async waitFailover(oldPort, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const p = await masterPort().catch(() => oldPort);
        if (p !== oldPort) return p;
        if (Date.now() > end) throw new Error(`no failover within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop,
  };
}

/** Config env for a cluster or sentinel set (what an operator would put in .env). */
export function haEnv(set: TestCluster | TestSentinel): Record<string, string> {
  const list = (hs: HostPort[]) => hs.map((h) => `${h.host}:${h.port}`).join(',');
  if ('nodes' in set) return { REDIS_CLUSTER_NODES: list(set.nodes) };
  return { REDIS_SENTINELS: list(set.sentinels), REDIS_SENTINEL_NAME: set.name };
}

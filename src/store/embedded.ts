import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { AppError } from '../errors.js';

export interface EmbeddedRedis {
  /** ioredis options that reach it (unix socket or loopback TCP). */
  options: RedisOptions;
  /** redis:// URL when it listens on TCP (tests hand it to child processes). */
  url?: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  /** Listen on loopback TCP at this port instead of a unix socket. */
  port?: number;
  /** Keep data on disk with AOF (the product); tests turn it off. */
  persist?: boolean;
  timeoutMs?: number;
}

/** A loopback TCP port that nothing listens on right now (for an embedded Redis, a test server…). */
export function freePort(): Promise<number> {
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

const INSTALL_HINT =
  'redis-server was not found. Install it (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) ' +
  'or set REDIS_URL to an existing Redis. / 未找到 redis-server：请安装 redis-server，或设置 REDIS_URL 指向已有的 Redis。';

async function ping(options: RedisOptions): Promise<boolean> {
  const c = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  c.on('error', () => {});
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

/**
 * Start a private redis-server child (or join one already serving this data dir, e.g. the
 * running bot when the CLI is called). Waits until it answers PING.
 */
export async function startEmbeddedRedis(opts: EmbeddedOptions): Promise<EmbeddedRedis> {
  const dir = path.resolve(opts.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const socket = path.join(dir, 'redis.sock');
  const options: RedisOptions = opts.port ? { host: '127.0.0.1', port: opts.port } : { path: socket };
  const url = opts.port ? `redis://127.0.0.1:${opts.port}` : undefined;
  const base = url ? { options, url } : { options };

  if (!opts.port && existsSync(socket)) {
    if (await ping(options)) return { ...base, owned: false, stop: async () => {} };
    rmSync(socket, { force: true }); // stale socket from a crashed run
  }

  const args = [
    '--dir', dir,
    '--port', String(opts.port ?? 0),
    '--bind', '127.0.0.1',
    '--save', '',
    '--appendonly', opts.persist === false ? 'no' : 'yes',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
    '--logfile', path.join(dir, 'redis.log'),
  ];
  if (!opts.port) args.push('--unixsocket', socket, '--unixsocketperm', '700');

  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    const failed = await Promise.race([
      spawnError.then((e) => e),
      exited.then((code) => new Error(`redis-server exited with code ${code}: ${stderr.trim()}`)),
      new Promise<null>((r) => setTimeout(() => r(null), 50)),
    ]);
    if (failed) {
      if ((failed as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError(INSTALL_HINT, 'redis_missing');
      throw new AppError(`embedded redis failed to start: ${failed.message}`, 'redis_start_failed', { cause: failed });
    }
    if (await ping(options)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new AppError(`embedded redis did not answer within ${opts.timeoutMs ?? 10_000} ms`, 'redis_start_timeout');
    }
  }

  let stopped: Promise<void> | null = null;
  return {
    ...base,
    owned: true,
    stop: () => {
      stopped ??= (async () => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM'); // redis-server saves/fsyncs AOF and exits on SIGTERM
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}

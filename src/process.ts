import { type App, createApp } from './app.js';
import { type Config, type ProcessRole, loadConfig } from './config.js';
import { ConfigError } from './errors.js';
import { type Logger, createLogger } from './logger.js';
import { type RedisTarget, resolveRedis } from './store/redis.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

/** Parse config or print every problem and exit 1. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`配置错误 / configuration error:\n${err.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** Run the bot, a worker, or both (default: PROCESS_ROLE) until SIGTERM/SIGINT, then drain and exit 0 within 10 s. */
export async function runProcess(forced?: ProcessRole): Promise<void> {
  const config = configOrExit();
  const role = forced ?? config.PROCESS_ROLE;
  const logger: Logger = createLogger(config.LOG_LEVEL);
  let target: RedisTarget | null = null;
  let app: App | null = null;

  let shuttingDown = false;
  const shutdown = async (signal: string, code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    timer.unref();
    try {
      await app?.stop();
      await target?.stop();
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
    }
    logger.flush();
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });

  try {
    target = await resolveRedis(config);
    if (target.embedded) logger.info('REDIS_URL is unset: using the embedded redis-server under DATA_DIR/redis');
    app = await createApp({ config, logger, redisTarget: target, role });
    const url = await app.start();
    logger.info({ url, role }, url ? `Union Desk is up: ${url}` : 'Union Desk worker is up');
    if (url && role !== 'worker') process.stdout.write(`\n  工会助手已启动 / Union Desk is running: ${url}\n\n`);
  } catch (err) {
    logger.fatal({ err }, 'start-up failed');
    process.stderr.write(`启动失败 / start-up failed: ${(err as Error).message}\n`);
    await app?.stop().catch(() => {});
    await target?.stop().catch(() => {});
    process.exit(1);
  }
}

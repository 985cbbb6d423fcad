import type { Redis } from 'ioredis';
import OpenAI from 'openai';
import type { Config } from '../config.js';
import { type Logger, createLogger } from '../logger.js';
import { type Keys, createKeys } from '../store/keys.js';
import { type RedisTarget, createRedis } from '../store/redis.js';
import { type Clock, systemClock } from './clock.js';
import { type Metrics, createMetrics } from './metrics.js';
import { type RoleStore, createRoleStore } from './roles.js';

export interface Llm {
  client: OpenAI;
  model: string;
  timeoutMs: number;
}

/**
 * The infrastructure every module is given: config, logger, Redis, keys, clock, LLM, metrics, roles.
 * Services (Q&A, forms, calendar…) are not in here: src/app.ts passes each module the ones it needs.
 */
export interface Deps {
  config: Config;
  logger: Logger;
  /** The command connection (never blocked). */
  redis: Redis;
  redisTarget: RedisTarget;
  keys: Keys;
  clock: Clock;
  llm: Llm | null;
  metrics: Metrics;
  roles: RoleStore;
}

export interface DepsOptions {
  config: Config;
  redisTarget: RedisTarget;
  /** Default: a pino logger at LOG_LEVEL. */
  logger?: Logger;
  clock?: Clock;
  /** Default true: an OpenAI client when OPENAI_API_KEY is set. Benchmarks measure the offline path. */
  llm?: boolean;
}

function createLlm(config: Config): Llm | null {
  if (!config.openai) return null;
  const { apiKey, baseURL, model, timeoutMs } = config.openai;
  return { client: new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries: 0 }), model, timeoutMs };
}

/** The one way to build Deps: the app, the CLI, the worker and the benchmarks all come through here. */
export function createDeps(opts: DepsOptions): Deps {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const redis = createRedis(opts.redisTarget, 'command');
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const keys = createKeys(config.REDIS_PREFIX);
  return {
    config,
    logger,
    redis,
    redisTarget: opts.redisTarget,
    keys,
    clock: opts.clock ?? systemClock,
    llm: opts.llm === false ? null : createLlm(config),
    metrics: createMetrics(),
    roles: createRoleStore(redis, keys),
  };
}

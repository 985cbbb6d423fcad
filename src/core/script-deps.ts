import type { Config } from '../config.js';
import type { Deps } from './deps.js';
import { createLogger } from '../logger.js';
import { createKeys } from '../store/keys.js';
import { createRedis, type RedisTarget } from '../store/redis.js';
import { type Clock, systemClock } from './clock.js';
import { createMetrics } from './metrics.js';
import { createRoleStore } from './roles.js';

/**
 * A bare Deps for processes that compose one capability without the whole app (benchmarks, the
 * multi-process test worker): command connection, keys under REDIS_PREFIX, no LLM, no channels yet.
 */
export function createScriptDeps(config: Config, redisTarget: RedisTarget, clock: Clock = systemClock): Deps {
  const redis = createRedis(redisTarget, 'command');
  const keys = createKeys(config.REDIS_PREFIX);
  return {
    config,
    logger: createLogger(config.LOG_LEVEL),
    redis,
    redisTarget,
    keys,
    clock,
    llm: null,
    metrics: createMetrics(),
    roles: createRoleStore(redis, keys),
    channels: new Map(),
    services: {},
  };
}

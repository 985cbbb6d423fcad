import type { Redis } from 'ioredis';
import type OpenAI from 'openai';
import type { Config } from '../config.js';
import type { ChannelRegistry } from './channel.js';
import type { Clock } from './clock.js';
import type { Metrics } from './metrics.js';
import type { RoleStore } from './roles.js';
import type { Logger } from '../logger.js';
import type { Keys } from '../store/keys.js';
import type { RedisTarget } from '../store/redis.js';

export interface Llm {
  client: OpenAI;
  model: string;
  timeoutMs: number;
}

/**
 * The capabilities' services. Each capability adds its own member by declaration merging
 * in its own folder, e.g. `declare module '../core/deps.js' { interface Services { qa: QaService } }`,
 * and `src/app.ts` fills it in.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface Services {}

/** One explicit dependencies object, passed to every factory and handler. */
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
  channels: ChannelRegistry;
  services: Partial<Services>;
}

/** Typed errors: a stable code, a message, and the cause they wrap. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'config_invalid');
    this.name = 'ConfigError';
  }
}

/** A platform API failure, with the adapter that raised it and what the queue should do. */
export type DeliveryFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'gone' }
  | { kind: 'transient' }
  | { kind: 'permanent' };

export class ChannelError extends AppError {
  constructor(
    readonly channel: string,
    message: string,
    readonly failure: DeliveryFailure,
    options?: { cause?: unknown },
  ) {
    super(`[${channel}] ${message}`, `channel_${failure.kind}`, options);
    this.name = 'ChannelError';
  }
}

/**
 * Redis cannot be reached right now (down, restarting, or not answering within the command
 * timeout). The router answers a stateful command with "暂时无法处理，请稍后再试 / temporarily
 * unavailable"; read-only paths fall back (src/store/unavailable.ts).
 */
export class RedisUnavailableError extends AppError {
  constructor(message = 'Redis is unavailable / Redis 暂时不可用', options?: { cause?: unknown; code?: string }) {
    super(message, options?.code ?? 'redis_unavailable', options);
    this.name = 'RedisUnavailableError';
  }
}

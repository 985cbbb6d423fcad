import { pino } from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs to stderr-free stdout (or stderr for CLIs); secrets are redacted by path. */
export function createLogger(level: string, opts: { toStderr?: boolean } = {}): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['*.token', '*.password', '*.apiKey', '*.secret', 'config.*Token', 'config.*Secret', 'config.openaiApiKey'],
        censor: '[redacted]',
      },
      base: { pid: process.pid },
    },
    opts.toStderr ? pino.destination(2) : pino.destination(1),
  );
}

import { pino } from 'pino';

export type Logger = pino.Logger;

const SECRET_KEYS = [
  'WEB_CHAT_TOKEN',
  'WEB_COOKIE_SECRET',
  'ADMIN_API_TOKEN',
  'FEEDBACK_SALT',
  'OPENAI_API_KEY',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'REDIS_URL',
];
const HEADERS = ['authorization', 'cookie', '["set-cookie"]', '["x-slack-signature"]', '["x-telegram-bot-api-secret-token"]'];

/** What is never written to a log: the real config keys (at top level or under config), credentials, auth headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `config.${k}`, `*.config.${k}`]),
  'config.openai.apiKey',
  'openai.apiKey',
  '*.token',
  '*.password',
  '*.apiKey',
  '*.secret',
  ...HEADERS.flatMap((h) => [`headers.${h}`, `*.headers.${h}`, `*.*.headers.${h}`]),
];

/** Structured JSON logs to stdout (or stderr for CLIs); secrets are redacted by path. */
export function createLogger(
  level: string,
  opts: { toStderr?: boolean; stream?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    opts.stream ?? (opts.toStderr ? pino.destination(2) : pino.destination(1)),
  );
}

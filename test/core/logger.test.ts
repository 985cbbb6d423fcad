import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, logger: createLogger('debug', { stream }) };
}

const SECRETS = {
  WEB_CHAT_TOKEN: 'wct-0123456789abcdef',
  WEB_COOKIE_SECRET: 'wcs-0123456789abcdef',
  ADMIN_API_TOKEN: 'aat-0123456789abcdef',
  OPENAI_API_KEY: 'sk-test-0123456789abcdef',
  TELEGRAM_BOT_TOKEN: '123456:tg-bot-token-secret',
  TELEGRAM_WEBHOOK_SECRET: 'tg-webhook-secret-01',
  SLACK_BOT_TOKEN: 'xoxb-slack-bot-secret',
  SLACK_SIGNING_SECRET: 'slack-signing-secret-01',
  FEEDBACK_SALT: 'feedback-salt-secret-01',
};

describe('log redaction', () => {
  it('the real config keys, nested or not, and auth headers never reach the log', () => {
    const { lines, logger } = capture();
    const config = loadConfig(SECRETS);
    logger.info({ config }, 'config loaded');
    logger.info({ ...SECRETS }, 'flat');
    logger.warn({ req: { headers: { authorization: 'Bearer wct-0123456789abcdef', cookie: 'ud_admin=sid-secret-value' } } }, 'req');
    logger.warn({ err: { config: { headers: { authorization: 'Bearer sk-test-0123456789abcdef' } } } }, 'sdk error');
    logger.info({ headers: { 'x-slack-signature': 'v0=sig-secret', 'x-telegram-bot-api-secret-token': 'tg-webhook-secret-01' } }, 'hook');
    const out = lines.join('');
    for (const v of [...Object.values(SECRETS), 'sid-secret-value', 'v0=sig-secret']) expect(out, v).not.toContain(v);
    expect(out).toContain('[redacted]');
    expect(out).toContain('config loaded');
  });
});

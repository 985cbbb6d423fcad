import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { telegramFailure, toTelegramError } from '../../src/channels/telegram/errors.js';
import { ChannelError } from '../../src/errors.js';

const tg = (error_code: number, description: string, parameters?: Record<string, number>) =>
  new TelegramError({ error_code, description, ...(parameters ? { parameters } : {}) });

describe('telegramFailure', () => {
  it('429 is rate_limited with retry_after in milliseconds', () => {
    expect(telegramFailure(tg(429, 'Too Many Requests: retry after 17', { retry_after: 17 }))).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 17_000,
    });
  });
  it('429 without parameters still waits a second', () => {
    expect(telegramFailure(tg(429, 'Too Many Requests'))).toEqual({ kind: 'rate_limited', retryAfterMs: 1000 });
  });
  it('403 blocked or kicked is gone', () => {
    expect(telegramFailure(tg(403, 'Forbidden: bot was blocked by the user'))).toEqual({ kind: 'gone' });
    expect(telegramFailure(tg(403, 'Forbidden: bot was kicked from the supergroup chat'))).toEqual({ kind: 'gone' });
  });
  it('400 chat not found is gone; other 400s are permanent', () => {
    expect(telegramFailure(tg(400, 'Bad Request: chat not found'))).toEqual({ kind: 'gone' });
    expect(
      telegramFailure(
        tg(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -100 }),
      ),
    ).toEqual({
      kind: 'gone',
    });
    expect(telegramFailure(tg(400, "Bad Request: can't parse entities: Unsupported start tag"))).toEqual({
      kind: 'permanent',
    });
    expect(telegramFailure(tg(401, 'Unauthorized'))).toEqual({ kind: 'permanent' });
  });
  it('5xx and network failures are transient', () => {
    expect(telegramFailure(tg(502, 'Bad Gateway'))).toEqual({ kind: 'transient' });
    expect(telegramFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toEqual({
      kind: 'transient',
    });
    expect(telegramFailure(new TypeError('fetch failed'))).toEqual({ kind: 'transient' });
  });
  it('toTelegramError wraps into a ChannelError with the failure and cause', () => {
    const cause = tg(403, 'Forbidden: bot was blocked by the user');
    const e = toTelegramError(cause, 'sendMessage');
    expect(e).toBeInstanceOf(ChannelError);
    expect(e.channel).toBe('telegram');
    expect(e.code).toBe('channel_gone');
    expect(e.cause).toBe(cause);
    expect(toTelegramError(e, 'again')).toBe(e);
  });
});

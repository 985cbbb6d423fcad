import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

describe('config', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.CORPUS_DIRS).toEqual(['corpus']);
    expect(c.openai).toBeNull();
    expect(c.webChatEnabled).toBe(true);
  });

  it('treats empty strings as unset', () => {
    const c = loadConfig({ REDIS_URL: '', OPENAI_API_KEY: '  ', PORT: '' });
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.openai).toBeNull();
    expect(c.PORT).toBe(3000);
  });

  it('lists every bad variable with an example', () => {
    try {
      loadConfig({ PORT: 'abc', ADMINS: 'bob', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT: .*example: PORT=3000/m);
      expect(problems).toMatch(/^ADMINS: each entry must be channel:userId/m);
      expect(problems).toMatch(/^REDIS_URL: /m);
      expect(problems).toMatch(/^LOG_LEVEL: /m);
      expect((err as ConfigError).problems).toHaveLength(4);
    }
  });

  it('PROCESS_ROLE is all, bot or worker; anything else is a configuration error', () => {
    expect(loadConfig({}).PROCESS_ROLE).toBe('all');
    expect(loadConfig({ PROCESS_ROLE: 'bot' }).PROCESS_ROLE).toBe('bot');
    expect(() => loadConfig({ PROCESS_ROLE: 'bots' })).toThrow(/PROCESS_ROLE: .*example: PROCESS_ROLE=bot/);
  });

  it('never shows a secret in its error message', () => {
    try {
      loadConfig({ OPENAI_API_KEY: 'sk-very-secret', PORT: 'x' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('sk-very-secret');
    }
  });

  it('parses ADMINS and turns the web chat off on a public address without a token', () => {
    const c = loadConfig({ ADMINS: 'telegram:1, slack:U2', HOST: '0.0.0.0' });
    expect(c.ADMINS).toEqual(['telegram:1', 'slack:U2']);
    expect(c.webChatEnabled).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', WEB_CHAT_TOKEN: 't'.repeat(16) }).webChatEnabled).toBe(true);
  });

  it('turns OpenAI on with a key', () => {
    const c = loadConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(c.openai).toMatchObject({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', model: 'gpt-4o-mini' });
  });
});

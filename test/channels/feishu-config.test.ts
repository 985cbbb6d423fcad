import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

const base = { FEISHU_APP_ID: 'cli_a5f3c2b1d4e6f789', FEISHU_APP_SECRET: 's' };
const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
};

describe('feishu configuration', () => {
  it('defaults to the long connection at open.feishu.cn', () => {
    const c = loadConfig(base);
    expect(c.FEISHU_MODE).toBe('ws');
    expect(c.FEISHU_DOMAIN).toBe('https://open.feishu.cn');
  });
  it('webhook mode needs the verification token; ws mode an app id the SDK accepts', () => {
    expect(problems({ ...base, FEISHU_MODE: 'webhook' })[0]).toMatch(/^FEISHU_VERIFICATION_TOKEN: required/);
    expect(problems({ ...base, FEISHU_MODE: 'webhook', FEISHU_VERIFICATION_TOKEN: 't' })).toEqual([]);
    expect(problems({ ...base, FEISHU_APP_ID: 'my-app' })[0]).toMatch(/^FEISHU_APP_ID: .*cli_/);
    expect(problems({ ...base, FEISHU_MODE: 'socket' })[0]).toMatch(/^FEISHU_MODE/);
  });
  it('accepts Feishu identities in ADMINS', () => {
    expect(loadConfig({ ADMINS: 'feishu:ou_84aad35d084aa403a838cf73ee18467' }).ADMINS).toEqual([
      'feishu:ou_84aad35d084aa403a838cf73ee18467',
    ]);
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HandlerContext } from '../../src/core/module.js';
import type { Incoming } from '../../src/core/types.js';
import { createQaModule, formatAnswer } from '../../src/qa/feature.js';
import { createQaService, type QaService } from '../../src/qa/index.js';
import { createKeys } from '../../src/store/keys.js';
import { optionsFromUrl } from '../../src/store/redis.js';
import { LAWS_DIR, SEED_DIR, silent, tempDir } from './helpers.js';

describe('Q&A chat feature with follow-ups kept in Redis', () => {
  let qa: QaService;
  let redis: Redis;
  const prefix = `test:qa:${Math.random().toString(16).slice(2, 10)}:`;
  const keys = createKeys(prefix);
  const cache = tempDir('feature');

  beforeAll(async () => {
    redis = new Redis(optionsFromUrl(inject('redisUrl')));
    qa = await createQaService({
      corpusDirs: [SEED_DIR, LAWS_DIR],
      cacheDir: (await cache).dir,
      logger: silent,
      llm: null,
    });
  });
  afterAll(async () => {
    const left = await redis.keys(`${prefix}*`);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
    await qa.close();
    await (await cache).cleanup();
  });

  const ctx = (text: string, chatId: string, lang: 'zh' | 'en' = 'zh'): HandlerContext => {
    const inc: Incoming = { channel: 'web', chatId, userId: 'u1', text, isGroup: false, mentioned: false };
    return {
      deps: { redis, keys, logger: silent } as unknown as HandlerContext['deps'],
      inc,
      lang,
      role: 'worker',
      identity: 'web:u1',
      conv: { channel: 'web', chatId },
      t: (k) => k,
      session: { claim: async () => {}, release: async () => {}, owner: async () => null },
    };
  };

  it('answers with citations and uses the previous turn of the same chat for a follow-up', async () => {
    const feature = createQaModule(qa);
    const onQuestion = feature.onQuestion as NonNullable<typeof feature.onQuestion>;
    const [first] = await onQuestion(ctx('加班费怎么算 周六加班的', 'c1'), '');
    expect(first?.citations?.[0]).toMatchObject({ doc: '劳动法(2018-12-29)', locator: '第四十四条' });
    expect(first?.answer).toEqual({ lang: 'zh' }); // channels lay out the source beside the rule

    const [follow] = await onQuestion(ctx('那法定节假日呢', 'c1'), '');
    expect(follow?.text).toContain('百分之三百');

    const key = keys.qaHistory('web:c1');
    expect(await redis.llen(key)).toBe(2);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(86_000);

    // Another chat has no history: the same follow-up alone is not about overtime.
    const [other] = await onQuestion(ctx('那法定节假日呢', 'c2'), '');
    expect(other?.text ?? '').not.toContain('百分之三百');
  });

  it('keeps only the last three turns', async () => {
    const feature = createQaModule(qa);
    const ask = feature.commands?.find((c) => c.names.includes('ask'));
    for (const q of ['年假能休几天', '产假多少天', '试用期最长多久', '演讲比赛是几月份'])
      await ask?.handler(ctx(q, 'c3'), q);
    expect(await redis.llen(keys.qaHistory('web:c3'))).toBe(3);
  });

  it('registers ask/问 and an admin-only reload/重新加载', async () => {
    const feature = createQaModule(qa);
    expect(feature.commands?.map((c) => c.names)).toEqual([
      ['ask', '问'],
      ['reload', '重新加载'],
    ]);
    const reload = feature.commands?.[1];
    expect(reload?.role).toBe('admin');
    const [r] = (await reload?.handler(ctx('', 'c4', 'en'), '')) ?? [];
    expect(r?.text).toMatch(/Documents reloaded: 21 files/);
  });
});

describe('formatAnswer', () => {
  const cite = [{ doc: '劳动法(2018-12-29)', locator: '第四十四条', quote: '……' }];
  it('marks an answer the gate gave less than even odds as low confidence (for the review queue), and no other', () => {
    expect(formatAnswer({ answer: 'a', citations: cite, refused: false, confidence: 0.3 }, 'zh').answer).toEqual({
      lang: 'zh',
      lowConfidence: true,
    });
    expect(formatAnswer({ answer: 'a', citations: cite, refused: false, confidence: 0.8 }, 'zh').answer).toEqual({
      lang: 'zh',
    });
    expect(formatAnswer({ answer: 'a', citations: cite, refused: false }, 'en').answer).toEqual({ lang: 'en' });
    expect(formatAnswer({ answer: 'no', citations: [], refused: true }, 'zh').answer).toBeUndefined();
  });
});

import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { chooseThreshold, serve } from '../../src/feedback/fit-match.js';
import { loadSalt, pseudonym } from '../../src/feedback/identity.js';
import { groupBySimilarity, matchFit, similarity, vectorOf } from '../../src/feedback/match.js';
import { leadOf } from '../../src/feedback/service.js';
import { isoWeek, lastWeeks } from '../../src/feedback/store.js';
import { createKeys } from '../../src/store/keys.js';
import { optionsFromUrl } from '../../src/store/redis.js';
import { testRedisUrl, uniquePrefix } from '../helpers/app.js';

/** A toy IDF: words the corpus lacks weigh most, function-like words least. */
const idf = (t: string) => (['厂里', '合法', '不要'].includes(t) ? 1 : 3);

describe('matching questions to curated pairs', () => {
  it('is 1 for the same wording, high for near wording, 0 for nothing shared, and symmetric', async () => {
    const a = await vectorOf('查出乙肝，厂里不录用我合法吗', idf);
    const b = await vectorOf('体检查出乙肝，厂里就不要我了，这样合法吗？', idf);
    const c = await vectorOf('加班费怎么算', idf);
    expect(similarity(a, a)).toBeCloseTo(1);
    expect(similarity(a, b)).toBeCloseTo(similarity(b, a));
    expect(similarity(a, b)).toBeGreaterThan(0.3);
    expect(similarity(a, c)).toBe(0);
    // A short question sharing only everyday words stays below a longer one's subject.
    const short = await vectorOf('厂里不要我了', idf);
    expect(similarity(short, b)).toBeLessThan(similarity(a, b));
  });

  it('groups wordings greedily, first item of a group leading', async () => {
    const items = await Promise.all(
      ['查出乙肝，厂里不录用我合法吗', '体检查出乙肝，厂里就不要我了', '加班费怎么算', '加班费怎么计算'].map(async (q) => ({ item: q, vector: await vectorOf(q, idf) })),
    );
    expect(groupBySimilarity(items, 0.4).map((g) => g.items)).toEqual([
      ['查出乙肝，厂里不录用我合法吗', '体检查出乙肝，厂里就不要我了'],
      ['加班费怎么算', '加班费怎么计算'],
    ]);
  });

  it('the fitted threshold file is complete and in range; the fitting picks a threshold that serves right', async () => {
    const fit = matchFit();
    expect(fit.threshold).toBeGreaterThan(0.2);
    expect(fit.threshold).toBeLessThan(0.95);
    expect(fit.folds).toBe(5);
    for (const m of [fit.precision, fit.recall]) {
      expect(m.mean).toBeGreaterThanOrEqual(0);
      expect(m.mean).toBeLessThanOrEqual(1);
    }
    const v = (q: string) => vectorOf(q, idf);
    const items = [
      { id: '1', target: 'A', vector: await v('乙肝 录用 合法') },
      { id: '2', target: 'A', vector: await v('乙肝 录用 可以吗') },
      { id: '3', target: 'B', vector: await v('加班费 怎么算') },
      { id: '4', target: 'B', vector: await v('加班费 标准') },
      { id: '5', target: 'C', vector: await v('乙肝 体检') },
    ];
    const t = chooseThreshold(items);
    const r = serve(items, items, t);
    expect(r.precision).toBe(1);
    expect(r.recall).toBeGreaterThan(0);
  });
});

describe('small pieces', () => {
  it('a curated answer leads with the article’s first rule (two sentences when the first is a lead-in)', () => {
    expect(leadOf('用人单位招用人员，不得以是传染病病原携带者为由拒绝录用。但是，经医学鉴定……')).toBe('用人单位招用人员，不得以是传染病病原携带者为由拒绝录用。');
    expect(leadOf('有下列情形之一的，用人单位应当支付：\n（一）安排延长工作时间的，支付150%。（二）……')).toBe('有下列情形之一的，用人单位应当支付：（一）安排延长工作时间的，支付150%。');
  });

  it('ISO weeks in the zone', () => {
    expect(isoWeek(new Date('2026-11-29T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-W49'); // Monday 01:00 in Wuxi
    expect(isoWeek(new Date('2026-11-29T15:00:00Z'), 'Asia/Shanghai')).toBe('2026-W48');
    expect(lastWeeks(new Date('2027-01-02T12:00:00Z'), 'Asia/Shanghai', 3)).toEqual(['2026-W51', '2026-W52', '2026-W53']);
  });

  it('the salt is generated once and shared (SET NX); FEEDBACK_SALT wins; hashes never show the id', async () => {
    const redis = new Redis(optionsFromUrl(testRedisUrl()));
    const keys = createKeys(uniquePrefix('salt'));
    try {
      const [a, b] = await Promise.all([loadSalt(redis, keys, undefined), loadSalt(redis, keys, undefined)]);
      expect(a).toBe(b);
      expect(a.length).toBeGreaterThanOrEqual(24);
      expect(await loadSalt(redis, keys, 'configured')).toBe('configured');
      const h = pseudonym(a, 'telegram:5213370021');
      expect(h).toMatch(/^[0-9a-f]{16}$/);
      expect(pseudonym(a, 'telegram:5213370021')).toBe(h);
      expect(pseudonym('other', 'telegram:5213370021')).not.toBe(h);
    } finally {
      await redis.del(keys.feedbackSalt());
      redis.disconnect();
    }
  });
});

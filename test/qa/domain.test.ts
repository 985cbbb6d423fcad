import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOMAIN_FILE, type DomainFile, domainRatio, isGeneralWord, learnDomain } from '../../src/qa/domain.js';

describe('domain ratios (src/qa/domain.ts, learned by src/qa/train-domain.ts)', () => {
  it("counts a word's document share in the domain over its share of the general collection", () => {
    const domain = [
      ['工资', '办法'],
      ['工资', '年休假', '办法'],
    ];
    const general = [['办法'], ['办法', '工资'], ['办法'], ['清单']];
    const f = learnDomain(domain, general);
    expect(f.domainDocs).toBe(2);
    expect(f.generalDocs).toBe(4);
    // 工资: 2/2 over (1+1)/4 → 2; 年休假: 1/2 over (0+1)/4 → 2; 办法: 2/2 over (3+1)/4 → 1
    expect(f.ratios).toEqual({ 办法: 1, 工资: 2, 年休假: 2 });
  });

  it('ships ratios learned from the 21 product documents against the 3,475-law collection, words only', () => {
    const f = JSON.parse(readFileSync(DOMAIN_FILE, 'utf8')) as DomainFile;
    expect(f.domainDocs).toBe(21);
    expect(f.generalDocs).toBe(3475);
    const words = Object.keys(f.ratios);
    expect(words.length).toBeGreaterThan(3000);
    for (const w of words) expect(w.length, w).toBeLessThanOrEqual(16);
  });

  it('tells domain words from general ones; a name it cannot spell is not known to be general', () => {
    for (const w of ['工资', '年休假', '两争一树', '劳动争议', '休息日']) expect(isGeneralWord(w), w).toBe(false);
    for (const w of ['清单', '办法', '推荐', '关于', '国家']) expect(isGeneralWord(w), w).toBe(true);
    expect(domainRatio('朱研琛')).toBeNull();
    expect(isGeneralWord('朱研琛')).toBe(false);
    // A phrase takes its most specific word: 工资 in 工资支付周期.
    expect(domainRatio('工资支付周期')).toBeGreaterThanOrEqual(3);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOMAIN_FILE, type DomainFile, domainRatio, isGeneralWord, learnDomain } from '../../src/qa/domain.js';
import { anchored } from '../../src/qa/gate.js';

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

describe('a question is anchored in a passage by a domain word they share (anchored)', () => {
  const key = (word: string, alts: string[] = []) => ({ word, alts, weight: 1, idf: 3 });
  const q = (keys: ReturnType<typeof key>[]) => ({ text: '', keys }) as unknown as Parameters<typeof anchored>[0];
  const passage = '经营劳务派遣业务，应当具备下列条件：注册资本不得少于人民币二百万元。';
  it('through a domain word of three characters or more inside a compound key (劳务派遣公司 → 劳务派遣)', () => {
    expect(anchored(q([key('劳务派遣公司', ['劳务派遣单位']), key('条件')]), passage)).toBe(true);
  });
  it('not through a general word, nor a two-character piece of a compound (工资 of 离职前工资)', () => {
    expect(anchored(q([key('条件'), key('满足')]), passage)).toBe(false);
    expect(anchored(q([key('离职前工资', ['月工资'])]), '支付不低于工资的百分之一百五十的工资报酬')).toBe(false);
  });
});

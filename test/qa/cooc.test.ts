import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  associatesOf,
  COOC_DEFAULTS,
  COOC_FILE,
  type CoocFile,
  type CoocOptions,
  learnCooc,
} from '../../src/qa/cooc.js';
import { softCoverage } from '../../src/qa/query.js';
import { trainCooc } from '../../src/qa/train-cooc.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/cooc');
const SMALL: CoocOptions = { minDf: 2, maxShare: 0.5, minPair: 2, top: 4, minScore: 0.2, maxWords: 100 };

describe('learned word associations (src/qa/cooc.ts, src/qa/train-cooc.ts)', () => {
  it('the script reproduces the expected file on a small fixture collection', async () => {
    const got = await trainCooc([path.join(FIXTURE, 'laws')], SMALL);
    expect(got).toBe(readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8'));
    const f = JSON.parse(got) as CoocFile;
    expect(f.articles).toBe(12);
    // Words that share articles are associated; a word is never its own associate.
    expect(f.assoc['加班费']?.map(([w]) => w)).toContain('支付');
    expect(f.assoc['用人单位']?.[0]).toEqual(['解除劳动合同', 0.5]);
    // 工伤认定 occurs exactly where 职工 does (articles 8 and 9).
    expect(f.assoc['工伤认定']).toEqual([['职工', 1]]);
    for (const [w, list] of Object.entries(f.assoc)) expect(list.map(([a]) => a)).not.toContain(w);
  });

  it('scores are normalised PMI: pairs always together score 1, pairs never together are absent', () => {
    const f = learnCooc(
      [['甲方', '乙方'], ['甲方', '乙方'], ['丙方', '丁方'], ['丙方', '丁方'], ['甲方', '乙方', '戊方']],
      { ...SMALL, minDf: 2, maxShare: 1 },
    );
    expect(f.assoc['丙方']).toEqual([['丁方', 1]]);
    expect(f.assoc['甲方']?.map(([w]) => w)).toEqual(['乙方']);
    expect(f.assoc['甲方']?.[0]?.[1]).toBeCloseTo(1, 3);
  });

  it('the shipped file was learned from the whole law collection with the default options, and is small', () => {
    const f = JSON.parse(readFileSync(COOC_FILE, 'utf8')) as CoocFile;
    expect(f.options).toEqual(COOC_DEFAULTS);
    expect(f.articles).toBeGreaterThan(100_000);
    const words = Object.keys(f.assoc);
    expect(words.length).toBeGreaterThan(5000);
    expect(words.length).toBeLessThanOrEqual(COOC_DEFAULTS.maxWords);
    expect(statSync(COOC_FILE).size).toBeLessThan(1_100_000);
    for (const list of Object.values(f.assoc)) {
      expect(list.length).toBeLessThanOrEqual(COOC_DEFAULTS.top);
      for (const [w, s] of list) {
        expect(w).toMatch(/^[\u3400-\u9fff]{2,}$/);
        expect(s).toBeGreaterThanOrEqual(COOC_DEFAULTS.minScore);
        expect(s).toBeLessThanOrEqual(1);
      }
    }
  });

  it('associates make sense for the domain vocabulary', () => {
    const has = (w: string, a: string): boolean => associatesOf(w).some(([x]) => x === a);
    expect(has('工伤', '工伤保险')).toBe(true);
    expect(has('工伤', '劳动能力鉴定')).toBe(true);
    expect(has('解除', '劳动合同')).toBe(true);
    expect(has('加班', '加班费')).toBe(true);
    expect(has('开除', '撤职')).toBe(true);
    expect(has('拖欠', '工资')).toBe(true);
    expect(has('仲裁', '裁决')).toBe(true);
    expect(has('怀孕', '哺乳')).toBe(true);
    expect(associatesOf('不存在的词语')).toEqual([]);
  });

  it('soft coverage credits a key word whose associate is in the passage', () => {
    const keys = [{ word: '工伤', alts: [], weight: 1, idf: 2 }];
    expect(softCoverage(keys, '申请劳动能力鉴定')).toBeCloseTo(0.9, 5);
    expect(softCoverage(keys, '发生工伤')).toBe(1);
    expect(softCoverage(keys, '年休假天数')).toBe(0);
  });
});

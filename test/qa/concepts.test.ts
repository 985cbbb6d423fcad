import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conceptWords, mayOccur, namedConcepts, unknownConcepts } from '../../src/qa/concepts.js';
import { qaRoot } from '../../src/qa/paths.js';
import { englishToChinese } from '../../src/qa/english.js';
import { expandSynonyms } from '../../src/qa/synonyms.js';
import { CHAR_PREFIX, charGrams, words } from '../../src/qa/segment.js';
import { normalizeSearch } from '../../src/qa/normalize.js';

/** Document frequencies of a few texts, as the real index counts them (words and character bigrams). */
function dfOf(texts: string[]): { df(term: string): number } {
  const df = new Map<string, number>();
  for (const t of texts) {
    const s = normalizeSearch(t);
    for (const term of new Set([...words(s), ...charGrams(s)])) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return { df: (term) => df.get(term) ?? 0 };
}

describe('named workplace concepts (src/qa/lexicon/concepts.json)', () => {
  it('is broad domain vocabulary: every kind filled, Chinese words only, no repeats', () => {
    const f = JSON.parse(readFileSync(path.join(qaRoot, 'src/qa/lexicon/concepts.json'), 'utf8')) as {
      groups: Record<string, string[]>;
    };
    expect(Object.keys(f.groups)).toEqual(
      expect.arrayContaining([
        'leave',
        'pay_and_allowance',
        'insurance_and_fund',
        'certificate_and_title',
        'tax_and_fee',
      ]),
    );
    for (const [g, ws] of Object.entries(f.groups)) expect(ws.length, g).toBeGreaterThanOrEqual(15);
    const all = Object.values(f.groups).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const w of all) expect(w, w).toMatch(/^[\u3400-\u9fff]{2,12}$/);
    const second = JSON.parse(readFileSync(path.join(qaRoot, 'src/qa/lexicon/concepts-2.json'), 'utf8')) as {
      groups: Record<string, string[]>;
    };
    expect(conceptWords().length).toBe(all.length + Object.values(second.groups).flat().length);
  });

  it('a second inventory (concepts-2.json) covers twelve kinds broadly, new names only, no generic words', () => {
    const first = new Set(
      Object.values(
        (
          JSON.parse(readFileSync(path.join(qaRoot, 'src/qa/lexicon/concepts.json'), 'utf8')) as {
            groups: Record<string, string[]>;
          }
        ).groups,
      ).flat(),
    );
    const f = JSON.parse(readFileSync(path.join(qaRoot, 'src/qa/lexicon/concepts-2.json'), 'utf8')) as {
      groups: Record<string, string[]>;
    };
    expect(Object.keys(f.groups)).toHaveLength(12);
    for (const [g, ws] of Object.entries(f.groups)) expect(ws.length, g).toBeGreaterThanOrEqual(30);
    const all = Object.values(f.groups).flat();
    expect(all.length).toBeGreaterThanOrEqual(800);
    expect(new Set(all).size).toBe(all.length);
    const generic = ['工资', '合同', '工会', '假期', '保险', '证明', '补贴', '培训', '安全', '选举', '程序', '手续'];
    for (const w of all) {
      expect(w, w).toMatch(/^[\u3400-\u9fff]{2,8}$/);
      expect(first.has(w), w).toBe(false);
      expect(generic.includes(w), w).toBe(false);
      expect(/什么|多少|几|怎么|哪|谁|吗|如何/.test(w), w).toBe(false);
    }
    // Names the laws rule on under their own wording were taken out: a question naming them is answerable.
    for (const w of ['离职证明', '工资条', '入职体检', '顶岗实习']) expect(all.includes(w), w).toBe(false);
  });

  it('so a question about a union procedure or a form of work the corpus never names is refused as unknown', () => {
    const index = dfOf(['工会会员享有选举权、被选举权和表决权。', '劳动者享有平等就业和选择职业的权利。']);
    expect(unknownConcepts(index, '工会会员想退会，要走什么手续')).toEqual(['退会']);
    expect(unknownConcepts(index, '外卖骑手算不算劳动者')).toEqual(['外卖骑手']);
    expect(unknownConcepts(index, '工会会员有哪些权利')).toEqual([]);
  });

  it('finds the concepts a question names, the longer name winning', () => {
    expect(namedConcepts('独生子女护理假有几天')).toEqual(['独生子女护理假']);
    expect(namedConcepts('老婆生孩子 男的有几天陪产假')).toEqual(['陪产假']);
    expect(namedConcepts('婚假和丧假各几天')).toEqual(expect.arrayContaining(['婚假', '丧假']));
    expect(namedConcepts('加班费怎么算')).toEqual(['加班费']);
    expect(namedConcepts('公司能随便开除人吗')).toEqual([]);
  });

  it('judges a concept absent only when some character pair of it occurs nowhere in the corpus', () => {
    const index = dfOf(['女职工生育享受不少于九十八天的产假。', '职工在年休假期间享受与正常工作期间相同的工资收入。']);
    expect(mayOccur(index, '产假')).toBe(true);
    expect(mayOccur(index, '陪产假')).toBe(false); // 陪产 never occurs
    expect(mayOccur(index, '丧假')).toBe(false);
    expect(index.df(`${CHAR_PREFIX}陪产`)).toBe(0);
  });

  it('a concept the corpus names under the lexicon wording is known (年假 → 年休假)', () => {
    const index = dfOf(['职工连续工作1年以上的，享受带薪年休假。', '女职工生育享受98天产假。']);
    expect(unknownConcepts(index, '我今年能休几天年假')).toEqual([]);
    expect(unknownConcepts(index, '老婆生孩子 男的有几天陪产假')).toEqual(['陪产假']);
    expect(unknownConcepts(index, '公司给不给交住房公积金')).toEqual(['住房公积金']);
  });

  it('a broader rewrite does not make a concept known (年终奖 → 奖金: the corpus names 奖金, not the bonus)', () => {
    expect(expandSynonyms('年终奖').flatMap((e) => e.alts)).toContain('奖金');
    const index = dfOf(['工资总额由计时工资、计件工资、奖金、津贴和补贴组成。']);
    expect(unknownConcepts(index, '年终奖公司是不是必须发')).toEqual(['年终奖']);
  });
});

describe('English names of the concepts (src/qa/lexicon/english-concepts.json)', () => {
  const f = JSON.parse(readFileSync(path.join(qaRoot, 'src/qa/lexicon/english-concepts.json'), 'utf8')) as {
    entries: { en: string; zh: string[] }[];
  };

  it('name concepts of concepts.json only, so an English question meets the same refusal evidence', () => {
    const concepts = new Set(conceptWords());
    expect(f.entries.length).toBeGreaterThanOrEqual(30);
    for (const e of f.entries) for (const z of e.zh) expect(concepts.has(z), `${e.en} → ${z}`).toBe(true);
    expect(englishToChinese('How do I apply for a work visa as a foreigner?')).toContain('工作签证');
    expect(namedConcepts(englishToChinese('Is the company obliged to pay a thirteenth-month pay?'))).toContain(
      '十三薪',
    );
  });
});

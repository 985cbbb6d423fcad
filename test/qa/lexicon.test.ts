import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishForm, englishToChinese, glossary, isEnglish, numberWords, singular } from '../../src/qa/english.js';
import { normalizeSearch } from '../../src/qa/normalize.js';
import { expandSynonyms, LEXICON_DIR, lexiconEntries } from '../../src/qa/synonyms.js';
import { LAWS_DIR, SEED_DIR } from './helpers.js';

/** The whole labour-law corpus and the seed document as one search-form string. */
function corpusText(): string {
  const read = (dir: string): string[] =>
    readdirSync(dir).map((f) => normalizeSearch(readFileSync(path.join(dir, f), 'utf8')));
  return [...read(LAWS_DIR), ...read(SEED_DIR)].join('\n');
}
const corpus = corpusText();

/** A register lexicon file of src/qa/lexicon. */
function registerFile(name: string): { entries: { topic: string; say: string[]; law: string[] }[] } {
  return JSON.parse(readFileSync(path.join(LEXICON_DIR, name), 'utf8'));
}

/** The rewrites the merged lexicon files give for a question. */
const alts = (q: string): string[] => expandSynonyms(q).flatMap((x) => x.alts);

describe('mid-frequency register lexicon (src/qa/lexicon/colloquial-register-2.json)', () => {
  const f = registerFile('colloquial-register-2.json');

  it('rewrites everyday words into corpus words, never a corpus word into another', () => {
    expect(f.entries.length).toBeGreaterThanOrEqual(1000);
    for (const e of f.entries) {
      for (const t of e.law) expect(corpus.includes(normalizeSearch(t)), t).toBe(true);
      for (const w of e.say) expect(corpus.includes(normalizeSearch(w)), w).toBe(false);
    }
  });

  it('is merged with the other lexicon files', () => {
    expect(alts('合同要去报个备')).toContain('备案');
    expect(alts('老板卷款跑了')).toContain('逃匿');
    expect(alts('车间粉尘大 灰大')).toContain('粉尘');
  });
});

describe("workers' stories register (src/qa/lexicon/colloquial-register-3.json)", () => {
  const f = registerFile('colloquial-register-3.json');

  it('rewrites what the boss or the worker does into the corpus wording, with no question phrases', () => {
    expect(f.entries.length).toBeGreaterThanOrEqual(800);
    for (const e of f.entries) {
      expect(e.law.length).toBeGreaterThan(0);
      for (const t of e.law) expect(corpus.includes(normalizeSearch(t)), t).toBe(true);
      for (const w of e.say) {
        expect(corpus.includes(normalizeSearch(w)), w).toBe(false);
        // A question phrase (加班费怎么算) would hide its term (加班费) from the longest-phrase match.
        expect(/怎么|多少|几|吗|啥|什么|咋|如何/.test(w), w).toBe(false);
      }
    }
  });

  it('is merged with the other lexicon files', () => {
    expect(alts('工地老板把我们工资卡被收走了')).toContain('扣押');
    expect(alts('老板一直欠着工资')).toContain('拖欠');
    expect(alts('经理老是乱扣钱')).toContain('克扣');
  });
});

describe('colloquial lexicon (src/qa/lexicon/colloquial.json)', () => {
  const entries = lexiconEntries();

  it('covers the labour and union vocabulary broadly, topic by topic', () => {
    expect(entries.length).toBeGreaterThanOrEqual(120);
    const topics = new Set(entries.map((e) => e.topic));
    for (const t of [
      'parties',
      'hiring',
      'contract',
      'termination',
      'wages',
      'hours',
      'leave',
      'women',
      'insurance',
      'injury',
      'safety',
      'disputes',
      'union',
      'training',
    ])
      expect(topics).toContain(t);
    for (const e of entries) {
      expect(e.say.length).toBeGreaterThan(0);
      expect(e.law.length).toBeGreaterThan(0);
    }
  });

  it('rewrites into the corpus wording: nearly every target term occurs in the laws or the seed document', () => {
    const targets = [...new Set(entries.flatMap((e) => e.law))];
    const missing = targets.filter((t) => !corpus.includes(normalizeSearch(t)));
    // A handful of targets are bare fragments (日, 天); the rest must be real corpus wording.
    expect(missing.length / targets.length).toBeLessThan(0.1);
  });

  it('maps the colloquial words of the issue onto legal terms', () => {
    expect(alts('老板不给钱')).toContain('用人单位');
    expect(alts('厂里把我开了')).toEqual(expect.arrayContaining(['用人单位', '解除劳动合同']));
    expect(alts('公司说不要了')).toContain('拒绝录用');
    expect(alts('体检查出乙肝')).toContain('传染病病原携带者');
    expect(alts('什么时候能转正')).toContain('试用期满');
    // 带薪年假 is the leave itself, not the name of its regulation.
    expect(alts('一年能休几天带薪年假')).toContain('年休假');
  });

  it('covers situations told in everyday words across topics', () => {
    expect(alts('公司违法辞退我')).toContain('违反本法规定解除或者终止劳动合同');
    expect(alts('出事以后家属去申请')).toContain('近亲属');
    expect(alts('国庆节照常上班')).toContain('法定休假日安排劳动者工作的');
    expect(alts('换到别的城市上班')).toContain('跨统筹地区就业');
    expect(alts('到了退休的岁数')).toContain('法定退休年龄');
    expect(alts('星期六')).toContain('周六');
    expect(alts('我是自己辞职的')).toContain('本人意愿');
    // A check-up fee is charged at hiring (收取费用) or owed for the occupational check-up (检查费用).
    expect(alts('体检费让我们自己掏')).toEqual(expect.arrayContaining(['收取费用', '职业健康检查费用']));
    // In-laws and extended kin are relatives (近亲属): the boss's brother-in-law on the union committee.
    expect(alts('老板让他小舅子当工会委员')).toContain('近亲属');
    expect(alts('表哥在工地出了事')).toContain('亲属');
    // Many workers with one claim need not each go: they choose representatives.
    expect(alts('是不是每个人都得亲自到场')).toContain('推举代表');
    expect(alts('大伙一起去讨工钱')).toContain('劳动者一方在十人以上');
    // Paying a fee is any fee (仲裁不收费), not only a social-insurance contribution.
    expect(alts('申请仲裁要不要交费')).toContain('收费');
    expect(alts('申请仲裁要不要交费')).not.toContain('社会保险费');
    expect(alts('公司不给交社保').join()).toContain('社会保险费');
  });

  it('carries formal paraphrases and plain words of the register onto the corpus wording', () => {
    expect(alts('专项培训开支具体涵盖哪些')).toContain('包括');
    expect(alts('委员会由哪几方人员构成')).toContain('组成');
    expect(alts('被判了刑以后还能当负责人吗')).toContain('刑事处罚');
    expect(alts('车间主任老逼我们干')).toContain('强令');
    expect(alts('喷漆车间天天闻那个味儿')).toContain('职业病危害');
    expect(alts('厂里应该多给点补贴')).toContain('津贴');
    expect(alts('外地来打工的')).toContain('进城务工人员');
    // 一分钱 (a single cent) is not 分钱 (sharing out money, 分配).
    expect(alts('实习生一分钱不给')).toContain('劳动报酬');
    expect(alts('实习生一分钱不给')).not.toContain('分配');
    expect(alts('工资账本法律上要留多久')).toContain('保存');
    expect(alts('被判了刑以后还能当负责人吗')).toContain('担任');
    expect(alts('厂里一直拖着不给报工伤')).toContain('工伤认定申请');
    expect(alts('被辞退了能拿多少辞退费')).toContain('经济补偿');
    expect(alts('养伤那几个月的误工费谁给')).toContain('停工留薪期');
  });

  it('prefers the longest phrase: 加班费 is not also read as 加班 alone', () => {
    const words = expandSynonyms('加班费怎么算').map((x) => x.word);
    expect(words).toContain('加班费');
    expect(words).not.toContain('加班');
  });
});

describe('bilingual glossary (src/qa/lexicon/english.json)', () => {
  it('has broad domain coverage whose Chinese side is corpus wording', () => {
    const g = glossary();
    expect(g.length).toBeGreaterThanOrEqual(250);
    const zh = [...new Set(g.flatMap(([, z]) => z.split(' ')))];
    const missing = zh.filter((t) => !corpus.includes(normalizeSearch(t)));
    expect(missing.length / zh.length).toBeLessThan(0.15);
  });

  it('maps English questions onto Chinese terms, longest phrase first, at word starts', () => {
    expect(englishToChinese('How long can a non-compete restriction last?')).toContain('竞业限制');
    expect(englishToChinese('Is sexual harassment covered?')).toContain('性骚扰');
    const q = englishToChinese('What is union funds used for?');
    expect(q).toContain('工会经费');
    expect(englishToChinese('a reunion party')).not.toContain('工会');
  });

  it('carries everyday English about liability, validity, the place of work and grades onto the corpus wording', () => {
    const waiver = englishToChinese("The boss says the company won't be liable if I get hurt. Is that valid?");
    expect(waiver).toEqual(expect.stringContaining('免除'));
    expect(waiver).toEqual(expect.stringContaining('无效'));
    expect(englishToChinese('Do I file where I actually work or where my company is registered?')).toEqual(
      expect.stringContaining('劳动合同履行地'),
    );
    expect(englishToChinese('Do I file where I actually work or where my company is registered?')).toEqual(
      expect.stringContaining('用人单位所在地'),
    );
    expect(englishToChinese('What does a level-1 disability get?')).toContain('一级');
    expect(englishToChinese('and a 7th-grade one?')).toContain('七级');
    expect(englishToChinese('level 12 of the building')).not.toContain('级');
  });

  it("matches phrases with apostrophes and odd spacing as the question writes them (workers' congress)", () => {
    expect(englishToChinese("What does the workers' congress decide?")).toContain('职工代表大会');
    expect(englishToChinese('What does the workers   congress decide?')).toContain('职工代表大会');
    // Articles and plain plurals do not stop a glossary phrase from matching.
    expect(
      englishToChinese('How does the Law on the Prevention and Control of Occupational Diseases define it?'),
    ).toContain('职业病防治法');
    // Family events of the female-worker rules: marriage, childbirth, nursing.
    expect(englishToChinese('Can the contract stop her from getting married or having children?')).toContain('结婚');
    expect(englishToChinese('Can the contract stop her from getting married or having children?')).toContain('生育');
    expect(englishToChinese('Can they fire me while I breastfeed my baby?')).toContain('哺乳');
    expect(singular('diseases')).toBe('disease');
    expect(singular('subsidies')).toBe('subsidy');
    for (const w of ['class', 'status', 'basis', 'famous', 'law']) expect(singular(w)).toBe(w);
  });

  it('tells English from Chinese', () => {
    expect(isEnglish('How many days of annual leave?')).toBe(true);
    expect(isEnglish('年假能休几天 annual')).toBe(false);
  });
});

describe('English number words and hyphenated terms (src/qa/english.ts)', () => {
  it('reads a hyphenated term as its words (learning-organization, above-designated-size)', () => {
    expect(englishForm('learning-organization building')).toBe('learning organization building');
    const zh = englishToChinese('what share of above-designated-size enterprises built learning-organizations?');
    expect(zh).toContain('学习型组织');
    expect(zh).toContain('规模以上企业');
  });
  it('gives number words as digits, and "one" only before a unit', () => {
    expect(numberWords(englishForm('within five years, fifteen days'))).toEqual(['5', '15']);
    expect(numberWords(englishForm('one month of pay'))).toEqual(['1']);
    expect(numberWords(englishForm('one of the workers'))).toEqual([]);
    // The same question read twice gives the same number (no state kept between calls).
    expect(numberWords(englishForm('one day off'))).toEqual(['1']);
    expect(numberWords(englishForm('one day off'))).toEqual(['1']);
    expect(englishToChinese('How many days of leave after ten years of work?')).toContain('10');
  });
});

describe('word-level everyday Chinese (src/qa/lexicon/colloquial-words.json)', () => {
  const f = registerFile('colloquial-words.json');
  const others = readdirSync(LEXICON_DIR)
    .filter((n) => n.startsWith('colloquial') && n !== 'colloquial-words.json')
    .flatMap((n) => registerFile(n).entries.flatMap((e) => e.say));

  it('rewrites everyday words, none of them corpus words or question words, into corpus wording', () => {
    expect(f.entries.length).toBeGreaterThanOrEqual(600);
    const seen = new Set(others);
    for (const e of f.entries) {
      expect(e.law.length).toBeGreaterThan(0);
      for (const t of e.law) expect(corpus.includes(normalizeSearch(t)), t).toBe(true);
      for (const w of e.say) {
        expect(w.length, w).toBeGreaterThanOrEqual(2);
        expect(corpus.includes(normalizeSearch(w)), w).toBe(false);
        expect(/怎么|多少|几|吗|啥|什么|咋|如何|哪|谁|呢|么/.test(w), w).toBe(false);
        // A word already in another file would be read twice, with two sets of rewrites.
        expect(seen.has(w), w).toBe(false);
        seen.add(w);
      }
    }
  });

  it('is merged with the other lexicon files', () => {
    expect(alts('离开那家厂快一年了 去讨还工资还来得及')).toEqual(
      expect.arrayContaining(['用人单位', '追索劳动报酬', '仲裁时效']),
    );
    expect(alts('养老保险个人账户的钱退休前能取出来').some((a) => a.includes('支取'))).toBe(true);
    expect(alts('俺辞工回老家')).toContain('解除劳动合同');
  });
});

describe('word-level everyday English (src/qa/lexicon/english-words.json)', () => {
  const f = JSON.parse(readFileSync(path.join(LEXICON_DIR, 'english-words.json'), 'utf8')) as {
    entries: { en: string; zh: string[] }[];
  };
  const others = readdirSync(LEXICON_DIR)
    .filter((n) => n.startsWith('english') && n !== 'english-words.json')
    .flatMap((n) =>
      (JSON.parse(readFileSync(path.join(LEXICON_DIR, n), 'utf8')) as { entries: { en: string }[] }).entries.map((e) =>
        englishForm(e.en).trim(),
      ),
    );

  it('holds single words and short phrases in matcher form, new to the glossary, onto corpus wording', () => {
    expect(f.entries.length).toBeGreaterThanOrEqual(600);
    const seen = new Set(others);
    for (const e of f.entries) {
      expect(e.en.split(' ').length, e.en).toBeLessThanOrEqual(3);
      // Lower case letters, spaces and hyphens; plurals already singular (the matcher reads both sides alike).
      expect(/^[a-z][a-z -]*$/.test(e.en), e.en).toBe(true);
      expect(englishForm(e.en).trim().split(' ').map(singular).join(' '), e.en).toBe(englishForm(e.en).trim());
      expect(/^(what|how|when|which|who|where|why)$/.test(e.en), e.en).toBe(false);
      expect(seen.has(e.en), e.en).toBe(false);
      seen.add(e.en);
      for (const z of e.zh) expect(corpus.includes(normalizeSearch(z)), z).toBe(true);
    }
  });

  it('carries everyday words of English questions onto the Chinese index', () => {
    expect(englishToChinese('I am a vocational school student')).toContain('学生');
    expect(englishToChinese('How long is one term of the union committee?')).toContain('任期');
    expect(englishToChinese('Can I get a copy of my health file?')).toContain('复印件');
    // No bare word that starts others: "latest" is not read as "late" (拖欠).
    expect(englishToChinese('What is the latest rule?')).not.toContain('拖欠');
  });

  it('reads months and how often (June → 六月份, every week → 每周, a day off → 休息)', () => {
    expect(englishToChinese('What contest was held in June 2006?')).toContain('六月份');
    expect(englishToChinese('What was planned for October?')).toContain('10月');
    expect(englishToChinese('Must I get one day off every week?')).toContain('每周');
    expect(englishToChinese('Must I get one day off every week?')).toContain('休息');
    // "pay" is the act of paying and the pay itself (劳动报酬, 工资).
    expect(englishToChinese('Is the company required to pay me?')).toContain('劳动报酬');
    // "may" is a modal verb far more often than the month: never read as 五月.
    expect(englishToChinese('May my employer cut my pay?')).not.toContain('5月');
  });
});

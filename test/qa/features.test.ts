import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/qa/build-index.js';
import {
  bestWindowCoverage,
  candidates,
  characterDf,
  documentNames,
  dropDocumentNameKeys,
  FEATURES,
  hasAnswerType,
  namesDocument,
  rarestKey,
} from '../../src/qa/features.js';
import { Bm25Index } from '../../src/qa/index-bm25.js';
import { normalizeSearch } from '../../src/qa/normalize.js';
import { CHAR_PREFIX, charGrams } from '../../src/qa/segment.js';
import { answerTypeOf, askForm, buildQuery } from '../../src/qa/query.js';
import type { Passage } from '../../src/qa/types.js';

const passages: Passage[] = [
  { doc: '示例法', title: '示例法', locator: '第十条', heading: '', text: '用人单位应当组织职工参加职业培训。' },
  { doc: '示例意见', title: '示例意见', locator: '三、(二)', heading: '', text: '各单位要组织职工参加职业培训。' },
  { doc: '示例法', title: '示例法', locator: '第十一条', heading: '', text: '申请劳动能力鉴定的，提交申请书。' },
  {
    doc: '示例法',
    title: '示例法',
    locator: '第二条',
    heading: '',
    text: '本法所称职业病，是指劳动者因接触粉尘引起的疾病。',
  },
  { doc: '示例法', title: '示例法', locator: '第三条', heading: '', text: '用人单位应当预防职业病。' },
  { doc: '示例法', title: '示例法', locator: '第四条', heading: '', text: '失业人员符合条件的，领取失业保险金。' },
  {
    doc: '示例法',
    title: '示例法',
    locator: '第五条',
    heading: '',
    text: '劳动者可以在用人单位所在地、本人户籍所在地或者经常居住地申请诊断。',
  },
  {
    doc: '示例意见',
    title: '示例意见',
    locator: '附件一',
    heading: '',
    text: '成员：张士东 培训处处长；李明 宣教部部长。',
  },
];
const state = { passages, index: new Bm25Index(buildIndex(passages)) };

function feature(question: string, name: (typeof FEATURES)[number]): Map<string, number> {
  const j = FEATURES.indexOf(name);
  const q = buildQuery(state.index, question, null);
  return new Map(candidates(state, q).map((c) => [c.passage.locator, c.f[j] as number]));
}

describe('re-ranking features (src/qa/features.ts)', () => {
  it('genre: a question about "the document" favours policy-document passages over law articles', () => {
    const g = feature('文件对职业培训有什么要求', 'genre');
    expect(g.get('三、(二)')).toBe(1);
    expect(g.get('第十条')).toBe(-1);
    expect(feature('职业培训有什么要求', 'genre').get('第十条')).toBe(0);
  });

  it('assoc: the key-word weight a passage meets only through a learned associate (工伤 → 劳动能力鉴定)', () => {
    const a = feature('工伤以后怎么申请', 'assoc');
    expect(a.get('第十一条')).toBeGreaterThan(0.3);
    // Passages without 工伤 or any of its associates get no extra credit.
    expect(a.get('第十条') ?? 0).toBe(0);
  });
});

describe('character-bigram postings (src/qa/build-index.ts)', () => {
  it('uni: a paraphrase keeps characters of the words it replaces (保费 → 失业保险金 meets 保 and 金), rare ones weigh most', () => {
    const u = feature('失业了能领多少保金', 'uni');
    expect(u.get('第四条')).toBeGreaterThan(0.5);
    for (const [loc, v] of u) if (loc !== '第四条') expect(v, loc).toBeLessThan(u.get('第四条') as number);
  });

  it('date: a time fixed by an event counts as the time asked for (节假日前, 之前, 提前), plain prose does not', () => {
    const q = buildQuery(state.index, '工资应当什么时候发', null);
    expect(q.asks).toBe('date');
    expect(hasAnswerType(q, '应当在法定节假日或者休息日前支付')).toBe(1);
    expect(hasAnswerType(q, '应当提前三十日以书面形式通知')).toBe(1);
    expect(hasAnswerType(q, '自用工之日起一个月内')).toBe(1);
    expect(hasAnswerType(q, '工资应当以货币形式支付给劳动者本人')).toBe(0);
    expect(hasAnswerType(q, '每年5月的第二周为职业教育活动周')).toBe(1);
    expect(hasAnswerType(q, '自2008年1月1日起施行')).toBe(1);
    expect(hasAnswerType(q, '工作满12个月的职工')).toBe(0);
  });

  it('win: a rule stated across a sentence break is covered by two consecutive sentences', () => {
    const q = buildQuery(state.index, '培训申请书', null);
    const p: Passage = {
      doc: 'd',
      title: 'd',
      locator: '第一条',
      heading: '',
      text: '用人单位组织培训。职工提交申请书。其他事项。',
    };
    expect(bestWindowCoverage(q, p)).toBeGreaterThan(0.99);
    const apart: Passage = { ...p, text: '用人单位组织培训。其他事项。职工提交申请书。' };
    expect(bestWindowCoverage(q, apart)).toBeLessThan(0.99);
  });

  it('a colloquial phrase inside a corpus word does not rewrite it (学习 → 培训 is no spelling of 学习型企业)', () => {
    const ps: Passage[] = [
      { doc: 'd', title: 'd', locator: '一', heading: '', text: '全市建成学习型企业1000个。' },
      { doc: 'd', title: 'd', locator: '二', heading: '', text: '加大职业培训的力度。' },
    ];
    const index = new Bm25Index(buildIndex(ps));
    const k = buildQuery(index, '学习型企业要建设多少个', null).keys.find((x) => x.word === '学习型企业');
    expect(k).toBeDefined();
    expect(k?.alts ?? []).not.toContain('培训');
  });

  it('characterDf counts each Chinese character once per passage', () => {
    const df = characterDf([
      { doc: 'a', title: 'a', locator: '一', heading: '', text: '工会工会' },
      { doc: 'a', title: 'a', locator: '二', heading: '', text: '工资 wages' },
    ]);
    expect(df['工'.charCodeAt(0) - 0x3400]).toBe(2);
    expect(df['会'.charCodeAt(0) - 0x3400]).toBe(1);
    expect(df['资'.charCodeAt(0) - 0x3400]).toBe(1);
    expect(df['法'.charCodeAt(0) - 0x3400]).toBe(0);
  });

  it('indexes exactly the character grams charGrams yields, single-character runs included', () => {
    const ps: Passage[] = [
      { doc: 'd', title: 't', locator: '第一条', heading: '', text: '甲 乙丙，ab丁戊己 2024年 庚' },
      { doc: 'd', title: 't', locator: '第二条', heading: '', text: '乙丙丁戊' },
    ];
    const data = buildIndex(ps);
    const index = new Bm25Index(data);
    // Headings are empty and the titles Latin; locators register their grams as terms too.
    const want = new Set(ps.flatMap((p) => charGrams(normalizeSearch(`${p.text} ${p.locator}`))));
    const got = data.terms.filter((t) => t.startsWith(CHAR_PREFIX));
    expect(new Set(got)).toEqual(want);
    expect(index.df(`${CHAR_PREFIX}乙丙`)).toBe(2);
    expect(index.df(`${CHAR_PREFIX}甲`)).toBe(1);
  });
});

describe('answer types the passage must hold', () => {
  const q = (question: string) => buildQuery(state.index, question, null);

  it('define: a question about what a term means asks for the passage that defines it', () => {
    expect(answerTypeOf('什么是职业病')).toBe('define');
    expect(answerTypeOf('职业病是指什么')).toBe('define');
    expect(answerTypeOf('职业病防治法 职业病 是指')).toBe('define'); // the glossary's rendering of "mean by"
    const t = feature('什么是职业病', 'type');
    expect(t.get('第二条')).toBe(1);
    expect(t.get('第三条') ?? 0).toBe(0);
  });

  it('list: numbered items or a 下列 lead-in state a list; "A、B或者C" is half one; plain prose none', () => {
    const list = q('可以向哪些组织申请诊断');
    expect(list.asks).toBe('list');
    expect(hasAnswerType(list, normalizeSearch(passages[6]?.text ?? ''))).toBe(0.5);
    expect(hasAnswerType(list, normalizeSearch(passages[4]?.text ?? ''))).toBe(0);
    const items = normalizeSearch(
      '发生劳动争议，当事人可以到下列调解组织申请调解：\n（一）企业劳动争议调解委员会；\n（二）基层人民调解组织；',
    );
    expect(hasAnswerType(list, items)).toBe(1);
    expect(hasAnswerType(list, normalizeSearch('有下列情形之一的，用人单位可以解除劳动合同。'))).toBe(1);
  });

  it('the most specific key word may be a colloquial one, through its rewrite (失业金 → 失业保险金)', () => {
    const k = rarestKey(state, q('辞职了能领失业金吗'));
    expect(k?.word).toBe('失业金');
    // A name jieba splits into characters is the most specific word when the text holds it.
    expect(rarestKey(state, q('张士东担任什么职务'))?.word).toBe('张士东');
  });
});

describe('document names in a question (src/qa/features.ts namesDocument)', () => {
  it('劳动法 names the law in 劳动法第二十一条 and 按劳动法, not in 劳动法律监督', () => {
    expect(namesDocument('劳动法第二十一条怎么说', '劳动法')).toBe(true);
    expect(namesDocument('按劳动法，试用期多长', '劳动法')).toBe(true);
    expect(namesDocument('工会劳动法律监督委员会怎么设', '劳动法')).toBe(false);
    expect(namesDocument('劳动法律监督员和劳动法的关系', '劳动法')).toBe(true);
    expect(namesDocument('工会法规定的经费', '工会法')).toBe(true);
  });
});

describe('a named document is a filter, not a key word (dropDocumentNameKeys)', () => {
  const law: Passage[] = [
    {
      doc: '劳动法(2018)',
      title: '中华人民共和国劳动法',
      locator: '第二十一条',
      heading: '',
      text: '试用期最长不得超过六个月。',
    },
    {
      doc: '劳动合同法(2012)',
      title: '中华人民共和国劳动合同法',
      locator: '第十九条',
      heading: '',
      text: '试用期不得超过六个月。',
    },
  ];
  const s = { passages: law, index: new Bm25Index(buildIndex(law)), docNames: documentNames(law) };

  it('drops the name of the law the question names, keeps the topic', () => {
    const q = dropDocumentNameKeys(s, buildQuery(s.index, '劳动法对试用期怎么规定', null));
    expect(q.keys.map((k) => k.word)).toContain('试用期');
    expect(q.keys.map((k) => k.word)).not.toContain('劳动法');
  });

  it('keeps a word the question also uses outside the name, and a question naming no law unchanged', () => {
    const q = dropDocumentNameKeys(s, buildQuery(s.index, '劳动法里试用期和劳动合同的试用期', null));
    expect(q.keys.map((k) => k.word)).toContain('劳动合同');
    const plain = buildQuery(s.index, '试用期最长多久', null);
    expect(dropDocumentNameKeys(s, plain)).toBe(plain);
  });
});

describe('the weight of a word the corpus never uses (buildQuery)', () => {
  it('多久 weighs what its rewrite 期限 weighs, not the idf of an unseen word', () => {
    const ps: Passage[] = [
      { doc: 'd', title: 'd', locator: '第一条', heading: '', text: '劳动合同的期限由双方约定。' },
      { doc: 'd', title: 'd', locator: '第二条', heading: '', text: '试用期包含在劳动合同期限内。' },
      { doc: 'd', title: 'd', locator: '第三条', heading: '', text: '用人单位应当支付工资。' },
    ];
    const index = new Bm25Index(buildIndex(ps));
    const k = buildQuery(index, '试用期能定多久', null).keys.find((x) => x.word === '多久');
    expect(k?.alts).toContain('期限');
    expect(k?.idf).toBeCloseTo(index.idf('期限'), 6);
    expect(index.idf('多久')).toBeGreaterThan(index.idf('期限'));
  });
});

describe('numerals are numbers, not topic words (buildQuery)', () => {
  it('五个 of 五个月 is no key word; the number 5 is kept as a number', () => {
    const keys = buildQuery(state.index, '来厂里五个月了还没签合同', null).keys.map((k) => k.word);
    expect(keys).not.toContain('五个');
  });
});

describe('where-questions ask for a place (answerTypeOf, hasAnswerType)', () => {
  it('哪些地方, 去哪儿, "where can" ask for a place; 在哪几年 and 在哪一条 do not', () => {
    expect(answerTypeOf('职业病诊断可以去哪些地方做')).toBe('place');
    expect(answerTypeOf('申请仲裁要去哪儿')).toBe('place');
    expect(answerTypeOf('Where can I apply for arbitration?')).toBe('place');
    expect(answerTypeOf('Where an employer fails to pay, what happens?')).not.toBe('place');
    expect(answerTypeOf('全面推进阶段安排在哪几年')).not.toBe('place');
    expect(answerTypeOf('这些内容放在哪一条')).not.toBe('place');
  });

  it('a place is a seat, a residence or a named site; a workplace in passing is not', () => {
    const q = buildQuery(state.index, '职业病诊断可以去哪些地方做', null);
    expect(hasAnswerType(q, '可以在用人单位所在地、本人户籍所在地或者经常居住地进行诊断')).toBe(1);
    expect(hasAnswerType(q, '用人单位应当提供工作场所职业病危害因素检测结果')).toBe(0);
    expect(hasAnswerType(q, '领导小组下设办公室，办公室设在市总工会宣教部')).toBe(1);
  });
});

describe('approximate counts are not quantity questions (askForm)', () => {
  it('十几年, 几十号人, 几乎 leave the answer type alone; 几天 and 几个月 still ask a number', () => {
    expect(answerTypeOf('我爱人交了十几年养老保险，账户里的钱家里人能拿回来吗')).toBe('other');
    expect(answerTypeOf('我们就是个几十号人的小厂，文件里说小厂咋办')).toBe('other');
    expect(answerTypeOf('几乎天天加班，合法吗')).toBe('other');
    expect(answerTypeOf('年假一年能休几天')).toBe('number');
    expect(answerTypeOf('试用期最长几个月')).toBe('number');
    expect(askForm('干了二十几年')).not.toContain('几');
    // 哪几块 asks which parts, not how many yuan (几块).
    expect(String(buildQuery(state.index, '五年规划都管哪几块素质', null).unit)).not.toContain('元');
    expect(String(buildQuery(state.index, '仲裁要交几块钱', null).unit)).toContain('元');
    const q = buildQuery(state.index, '交了十几年养老保险 账户里的钱能拿回来吗', null);
    expect(q.wantsNumber).toBe(false);
    expect(q.unit).toBeNull();
  });

  it('"how large / how high is the fine" asks for a number', () => {
    expect(answerTypeOf('How large is the fine on the person in charge?')).toBe('number');
    expect(answerTypeOf('How high is the compensation?')).toBe('number');
  });
});

describe('the attachment prior (annex)', () => {
  it('marks passages of a policy document attachment, and no others', () => {
    const ps: Passage[] = [
      {
        doc: '示例意见',
        title: '示例意见',
        locator: '附件二 三、1',
        heading: '2006年工作要点 推进措施',
        text: '组织职工读书自学活动。',
      },
      {
        doc: '示例意见',
        title: '示例意见',
        locator: '四（创新学习载体）',
        heading: '方法途径',
        text: '组织职工读书活动。',
      },
      { doc: '示例法', title: '示例法', locator: '第一条', heading: '', text: '职工有权参加读书活动。' },
    ];
    const st = { passages: ps, index: new Bm25Index(buildIndex(ps)) };
    const i = FEATURES.indexOf('annex');
    const byLoc = new Map(
      candidates(st, buildQuery(st.index, '职工读书活动', null)).map((c) => [c.passage.locator, c.f[i]]),
    );
    expect(byLoc.get('附件二 三、1')).toBe(1);
    expect(byLoc.get('四（创新学习载体）')).toBe(0);
    expect(byLoc.get('第一条')).toBe(0);
  });
});

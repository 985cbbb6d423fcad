import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkReport, needsConfirmation, violations } from '../../src/forms/checks.js';
import { REPORT_LEXICON } from '../../src/forms/definitions/lexicon.js';
import { monthlyReport, readingSignup } from '../../src/forms/definitions/index.js';
import { extractParagraph } from '../../src/forms/extract.js';
import { crossValidate, recall, scoreFill } from '../../src/forms/fit.js';
import { blankDates, readParagraph } from '../../src/forms/read.js';

const env = { now: new Date('2026-12-15T04:00:00Z'), tz: 'Asia/Shanghai', lang: 'zh' as const };
const read = (s: string) => extractParagraph(monthlyReport, s, env);
const values = (s: string) => read(s).values;

describe('reading a paragraph: clauses and quantities', () => {
  it('blanks dates, months, ordinals, document numbers and times, keeping positions', () => {
    const s = '12月月报：11月8日、1月15日、2026年、十一月份、第三期、锡工发〔2026〕15号、14:30、下一次';
    const b = blankDates(s);
    expect(b).toHaveLength(s.length);
    expect(b).not.toMatch(/\d|十一|三|一次/);
    expect(b).toContain('月报');
  });

  it('reads each clause’s quantities with their measure words, in every numeral style', () => {
    const qs = readParagraph(
      '培训拾肆场，参训６５０人次，经费占比百分之一点八，投入资金2万元，学习型班组这个月新建了仨个',
    ).flatMap((c) => c.quantities.map((q) => [q.value, q.unit, q.percent]));
    expect(qs).toEqual([
      [14, '场', false],
      [650, '人次', false],
      [1.8, null, true],
      [20000, '元', false],
      [3, '个', false],
    ]);
  });

  it('keeps ranges and guesses out (两三场, 数十人次, 上百人, 十几人, 百余人), not 参与人数壹佰贰拾', () => {
    const qs = (t: string) => readParagraph(t).flatMap((c) => c.quantities.map((q) => q.value));
    expect(qs('本月培训两三场，参训数十人次，读书活动上百人参加，技能比武十几人参赛，读书活动参与百余人')).toEqual([]);
    expect(qs('读书自学活动参与人数壹佰贰拾，完成培训三场')).toEqual([120, 3]);
  });

  it('keeps numerals inside words out (一共, 一线, 三车间, 两争一树)', () => {
    const qs = readParagraph('“两争一树”活动中一线职工一共46个，三车间').flatMap((c) =>
      c.quantities.map((q) => q.value),
    );
    expect(qs).toEqual([46]);
  });
});

describe('placing quantities: right or silent', () => {
  it('the examples of harm from issue 16 are filed right', () => {
    expect(values('12月月报：新建学习型班组2个（累计15个）')).toEqual({
      month: '2026-12',
      groupsNew: 2,
      groupsTotal: 15,
    });
    expect(values('学习型班组 新增5个 总数20个 读书活动参加人数120人 新增高技能人才3名')).toEqual({
      groupsNew: 5,
      groupsTotal: 20,
      readingParticipants: 120,
      newHighSkill: 3,
    });
    expect(values('11月份培训人次480，同比增长20%；培训场次11场。')).toEqual({
      month: '2026-11',
      trainingSessions: 11,
      trainingParticipants: 480,
    });
    expect(values('职工教育经费使用率85%，占工资总额比例1.5%')).toEqual({ fundRatio: 1.5 });
  });

  it('sub-counts go to their own field or nowhere; totals beat their parts', () => {
    expect(values('本月共培训620人次，其中女职工210人次、农民工95人次。')).toEqual({
      month: '2026-12',
      trainingParticipants: 620,
      migrantTrained: 95,
    });
    expect(values('截至11月30日，学习型班组累计31个，其中11月份新建3个。')).toEqual({
      month: '2026-11',
      groupsNew: 3,
      groupsTotal: 31,
    });
    expect(values('新建学习型班组5个，累计达到40个，其中市级示范班组3个。')).toEqual({ groupsNew: 5, groupsTotal: 40 });
    expect(values('10月技术比武和岗位练兵共3场，其中比武2场、练兵1场，参与职工共计145人。')).toMatchObject({
      competitions: 3,
      competitionParticipants: 145,
    });
    expect(values('本月线上培训2场、线下培训3场，共5场，总计参训240人次。')).toMatchObject({
      trainingSessions: 5,
      trainingParticipants: 240,
    });
    expect(values('十月份新增技师3名，高级技师1名，合计新增高技能人才4名')).toMatchObject({ newHighSkill: 4 });
  });

  it('ignores what the form does not ask: workforce, money, workshops, plans, other periods, changes', () => {
    expect(values('车间有300名职工，投入资金2万元，全厂20个车间')).toEqual({});
    expect(values('全年计划培训50场，今年以来累计培训3200人次，同比增长20%')).toEqual({});
    expect(values('下月计划再组织技能大赛1场，离年度目标15个还差5个')).toEqual({});
    expect(values('本月举办青工技能比武，设电工、焊工等3个项目，参赛选手65人，现场观摩职工150余人')).toEqual({
      month: '2026-12',
      competitionParticipants: 65,
    });
  });

  it('says which numbers it could not place, and leaves their fields to be asked', () => {
    const r = read('10月新建学习型班组1个，11月新建2个。');
    expect(r.values).toEqual({});
    expect(r.unsure).toEqual(['1', '2']);
    // 全厂班组 are all the unit's teams, not its learning teams.
    expect(values('学习型班组新增5个，总数20个，另外全厂班组一共46个')).toEqual({ groupsNew: 5, groupsTotal: 20 });
    expect(read('上月新增高级技师2人，技师4人，高级工10人。').unsure).toEqual(['2', '4', '10']);
  });

  it('reads “there was none” as 0 for the count of events only', () => {
    expect(values('11月份因为赶订单，没有组织培训')).toEqual({ month: '2026-11', trainingSessions: 0 });
    expect(values('新建学习型班组暂无，累计还是7个；技师这块本月也暂无新增。')).toEqual({
      month: '2026-12',
      groupsNew: 0,
      groupsTotal: 7,
      newHighSkill: 0,
    });
    expect(values('培训经费目前还没有纳入集体合同')).toEqual({ fundInContract: false });
  });

  it('drops paragraph values that break a cross-field rule, and says so', () => {
    const r = read('本月培训480场，参训11人次');
    expect(r.values).toEqual({ month: '2026-12' });
    expect(r.unsure.sort()).toEqual(['11', '480']);
  });

  it('every numeric field of the monthly report is filled when named with its own measure word', () => {
    for (const f of monthlyReport.fields.filter((x) => x.type === 'integer')) {
      const { month, ...got } = values(`${f.label.zh}12${f.unit?.zh ?? ''}`);
      expect(got, f.key).toEqual({ [f.key]: 12 });
    }
    expect(values('职工教育经费占工资总额比例1.6%')).toEqual({ fundRatio: 1.6 });
  });
});

describe('the report lexicon (product data)', () => {
  it('has every list filled, and parts, totals and none-words kept apart', () => {
    for (const [k, v] of Object.entries(REPORT_LEXICON)) expect(v.length, k).toBeGreaterThan(0);
    const totals = new Set(REPORT_LEXICON.totals);
    for (const p of REPORT_LEXICON.parts) expect(totals.has(p)).toBe(false);
    for (const n of REPORT_LEXICON.noneBefore) expect(totals.has(n)).toBe(false);
  });

  it('every numeric field has cues and measure words, and its rule fields exist', () => {
    for (const f of monthlyReport.fields.filter((x) => x.type === 'integer' || x.type === 'percent')) {
      expect(f.extract?.all.length, f.key).toBeGreaterThan(0);
      if (f.type === 'integer') expect(f.extract?.units?.length, f.key).toBeGreaterThan(0);
    }
    const keys = new Set(monthlyReport.fields.map((f) => f.key));
    for (const c of monthlyReport.checks ?? []) {
      expect(keys.has(c.field)).toBe(true);
      if (c.kind === 'atLeast') expect(keys.has(c.other)).toBe(true);
    }
  });
});

describe('the form rules (one place for every channel)', () => {
  const base = { groupsNew: 3, groupsTotal: 2, trainingSessions: 5, trainingParticipants: 4, fundRatio: 95 };
  it('finds cross-field breaks and implausible values, and honours confirmations', () => {
    expect(violations(monthlyReport, base).map((v) => v.field)).toEqual(['groupsTotal', 'trainingParticipants']);
    expect(needsConfirmation(monthlyReport, base).map((c) => c.field)).toEqual([
      'groupsTotal',
      'trainingParticipants',
      'fundRatio',
    ]);
    expect(needsConfirmation(monthlyReport, base, { groupsTotal: 2, trainingSessions: 5, fundRatio: 95 })).toEqual([]);
    expect(needsConfirmation(monthlyReport, base, { fundRatio: 96 }).map((c) => c.field)).toContain('fundRatio');
    expect(needsConfirmation(monthlyReport, { competitions: 2, competitionParticipants: 1 })[0]?.field).toBe(
      'competitionParticipants',
    );
  });

  it('checkReport refuses unconfirmed flags and accepts them once confirmed', () => {
    const full = {
      month: '2026-11',
      groupsNew: 1,
      groupsTotal: 5,
      enterpriseStatus: 'started',
      unionStatus: 'started',
      trainingSessions: 2,
      trainingParticipants: 1,
      fundRatio: 95,
      fundInContract: true,
      competitions: 0,
      competitionParticipants: 0,
      readingParticipants: 0,
      newHighSkill: 0,
      migrantTrained: 0,
    };
    const no = checkReport(monthlyReport, full);
    expect(no.ok).toBe(false);
    if (!no.ok) expect(no.issues.map((i) => i.field).sort()).toEqual(['fundRatio', 'trainingParticipants']);
    expect(checkReport(monthlyReport, full, 'all').ok).toBe(true);
    expect(checkReport(monthlyReport, full, { trainingParticipants: 1, fundRatio: 95 }).ok).toBe(true);
  });
});

describe('scoring and cross-validation', () => {
  const items = [
    { id: 'a', text: '本月培训3场，参训90人次', expect: { 报告月份: '2026-12', 培训场次: 3, 培训人次: 90 } },
    {
      id: 'b',
      text: '上月新建学习型班组2个，累计10个',
      expect: { 报告月份: '2026-11', 本月新建学习型班组: 2, 累计学习型班组: 10 },
    },
    { id: 'c', text: '培训经费已纳入集体合同，学习型工会推进中', expect: { '培训经费纳入职代会/集体合同': '是' } },
  ];
  it('counts stated, filled, wrong and missed by field, by the set’s labels', () => {
    const s = scoreFill(monthlyReport, items, env.now, env.tz);
    expect(s.total).toEqual({ stated: 7, filled: 8, right: 7, wrong: 1, missed: 0 });
    expect(s.byField['学习型工会创建']).toMatchObject({ stated: 0, filled: 1, wrong: 1 });
    expect(s.errors).toEqual([{ id: 'c', label: '学习型工会创建', expected: undefined, got: '推进中' }]);
    expect(recall(s.total)).toBe(1);
  });

  it('cross-validates by folds (every item scored once, by weights fitted without it)', () => {
    const cv = crossValidate(monthlyReport, items, env.now, env.tz, 3);
    expect(cv.total.stated).toBe(7);
    expect(cv.total.right).toBe(7);
  });
});

describe('paragraphs written for development (test/fixtures/forms/paragraphs-dev.jsonl, not the shared sets)', () => {
  it('files no wrong number and most stated ones', () => {
    const items = readFileSync('test/fixtures/forms/paragraphs-dev.jsonl', 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; text: string; expect: Record<string, unknown> });
    const s = scoreFill(monthlyReport, items, env.now, env.tz);
    expect(s.errors.filter((e) => e.got !== undefined)).toEqual([]);
    expect(s.total.wrong).toBe(0);
    expect(recall(s.total)).toBeGreaterThanOrEqual(0.95);
  });

  it('the reading sign-up form reads its own paragraph (a plan is its subject there)', () => {
    expect(extractParagraph(readingSignup, '我叫王芳，每月计划读书3本', env).values).toEqual({ booksPerMonth: 3 });
  });
});

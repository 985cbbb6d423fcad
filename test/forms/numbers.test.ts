import { describe, expect, it } from 'vitest';
import { findMonth, parseAnswer } from '../../src/forms/answers.js';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { extractByRules } from '../../src/forms/extract.js';
import { parseChineseInt } from '../../src/core/zh-numerals.js';
import { findNumbers, parseNumber, parseQuantity } from '../../src/forms/numbers.js';

describe('Chinese numbers', () => {
  it.each([
    ['三', 3],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['一百二十', 120],
    ['一百零五', 105],
    ['两千零五', 2005],
    ['三万五千', 35000],
    ['一万二', 12000],
    ['一百二', 120],
    ['二〇二六', 2026],
    ['壹佰贰拾', 120],
  ])('%s = %d', (s, n) => {
    expect(parseChineseInt(s)).toBe(n);
  });

  it.each([
    ['1,200', 1200],
    ['１２', 12],
    ['1.8', 1.8],
    ['1.2万', 12000],
    ['一点八', 1.8],
    ['三千', 3000],
  ])('parseNumber(%s) = %d', (s, n) => {
    expect(parseNumber(s)).toBe(n);
  });

  it.each([
    ['三个', 3, false, '个'],
    ['一百二十人次', 120, false, '人次'],
    ['两场', 2, false, '场'],
    ['百分之一点八', 1.8, true, null],
    ['1.8%', 1.8, true, null],
    ['1.8％', 1.8, true, null],
    ['12 人', 12, false, '人'],
    ['1,200', 1200, false, null],
    ['共 3 场', 3, false, '场'],
    ['约120人左右', 120, false, '人'],
  ])('parseQuantity(%s)', (s, value, percent, unit) => {
    expect(parseQuantity(s)).toEqual({ value, percent, unit });
  });

  it('rejects text that says more than a quantity, or nothing', () => {
    expect(parseQuantity('很多')).toBeNull();
    expect(parseQuantity('3个和5个')).toBeNull();
    expect(parseQuantity('')).toBeNull();
    expect(parseNumber('abc')).toBeNull();
  });

  it('does not read 2，120 as two thousand', () => {
    expect(findNumbers('培训2场，120人次').map((t) => t.value)).toEqual([2, 120]);
  });
});

describe('answers and months', () => {
  const env = { now: new Date('2026-11-20T02:00:00Z'), tz: 'Asia/Shanghai', lang: 'zh' as const };
  const field = (k: string) => monthlyReport.fields.find((f) => f.key === k)!;

  it('reads months in many ways', () => {
    expect(findMonth('本月', env.now, env.tz)).toBe('2026-11');
    expect(findMonth('上个月', env.now, env.tz)).toBe('2026-10');
    expect(findMonth('2026年10月', env.now, env.tz)).toBe('2026-10');
    expect(findMonth('2026-09', env.now, env.tz)).toBe('2026-09');
    expect(findMonth('十月份', env.now, env.tz)).toBe('2026-10');
    expect(findMonth('12月', env.now, env.tz)).toBe('2025-12');
  });

  it('each field type accepts what it should and says what it expected otherwise', () => {
    expect(parseAnswer(field('trainingParticipants'), '一百二十人次', env)).toEqual({ ok: true, value: 120 });
    expect(parseAnswer(field('trainingParticipants'), '很多', env)).toMatchObject({
      ok: false,
      error: 'forms.err.integer',
    });
    expect(parseAnswer(field('trainingSessions'), '2.5', env)).toMatchObject({
      ok: false,
      error: 'forms.err.not_whole',
    });
    expect(parseAnswer(field('groupsNew'), '20000', env)).toMatchObject({ ok: false, error: 'forms.err.range' });
    expect(parseAnswer(field('fundRatio'), '百分之一点八', env)).toEqual({ ok: true, value: 1.8 });
    expect(parseAnswer(field('fundRatio'), '150%', env)).toMatchObject({ ok: false, error: 'forms.err.range' });
    expect(parseAnswer(field('enterpriseStatus'), '尚未启动', env)).toEqual({ ok: true, value: 'none' });
    expect(parseAnswer(field('enterpriseStatus'), '达标了', env)).toEqual({ ok: true, value: 'reached' });
    expect(parseAnswer(field('enterpriseStatus'), '差不多', env)).toMatchObject({
      ok: false,
      error: 'forms.err.choice',
    });
    expect(parseAnswer(field('fundInContract'), '否', env)).toEqual({ ok: true, value: false });
    expect(parseAnswer(field('fundInContract'), '也许', env)).toMatchObject({ ok: false, error: 'forms.err.yesno' });
    expect(parseAnswer(field('month'), '2027-01', env)).toMatchObject({ ok: false, error: 'forms.err.month_future' });
    expect(parseAnswer(field('highlights'), 'x'.repeat(1001), env)).toMatchObject({
      ok: false,
      error: 'forms.err.text_long',
    });
  });

  it('extracts every field a paragraph mentions', () => {
    const got = extractByRules(
      monthlyReport,
      '10月份学习型企业已启动，学习型工会推进中。累计学习型班组12个。举办技能竞赛2场，参赛80人；读书活动参与45人，新增高技能人才3名，培训进城务工人员30人。经费已纳入集体合同。',
      env,
    );
    expect(got).toEqual({
      month: '2026-10',
      enterpriseStatus: 'started',
      unionStatus: 'ongoing',
      groupsTotal: 12,
      competitions: 2,
      competitionParticipants: 80,
      readingParticipants: 45,
      newHighSkill: 3,
      migrantTrained: 30,
      fundInContract: true,
    });
  });

  it('reads totals after new ones, names given outright, and keeps 两争一树 out of the numbers', () => {
    expect(extractByRules(monthlyReport, '“两争一树”活动中新建班组3个，累计达到15个', env)).toEqual({
      groupsNew: 3,
      groupsTotal: 15,
    });
    expect(extractByRules(monthlyReport, '培训3场，参训职工150人次，其中进城务工人员40人', env)).toEqual({
      trainingSessions: 3,
      trainingParticipants: 150,
      migrantTrained: 40,
    });
    expect(extractByRules(monthlyReport, '培训人次150', env)).toEqual({ trainingParticipants: 150 });
    expect(parseAnswer(field('newHighSkill'), '没有', env)).toEqual({ ok: true, value: 0 });
  });
});

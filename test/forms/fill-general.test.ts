import { describe, expect, it } from 'vitest';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { extractParagraph } from '../../src/forms/extract.js';
import { readParagraph } from '../../src/forms/read.js';

// Readings that must hold for paragraphs nobody tuned for: each mechanism on sentences of its own.
const env = { now: new Date('2026-12-15T04:00:00Z'), tz: 'Asia/Shanghai', lang: 'zh' as const };
const read = (s: string) => extractParagraph(monthlyReport, s, env);
const values = (s: string) => read(s).values;

describe('clauses typed without commas', () => {
  it('a space before a word ends a clause, a space around a number does not', () => {
    expect(readParagraph('培训了三场 然后读书活动参加80人').map((c) => c.text)).toEqual([
      '培训了三场',
      '然后读书活动参加80人',
    ]);
    expect(readParagraph('新建学习型班组 2 个 累计 9 个').map((c) => c.text)).toEqual([
      '新建学习型班组 2 个',
      '累计 9 个',
    ]);
    expect(values('上月办了4期培训班 来听课的一共150人次 技能竞赛搞了两场有45人参赛')).toEqual({
      month: '2026-11',
      trainingSessions: 4,
      trainingParticipants: 150,
      competitions: 2,
      competitionParticipants: 45,
    });
  });

  it('场次, 批次 and 期次 are measure words of their own', () => {
    const qs = readParagraph('培训6场次，分3批次').flatMap((c) => c.quantities.map((q) => [q.value, q.unit]));
    expect(qs).toEqual([
      [6, '场次'],
      [3, '批次'],
    ]);
    expect(values('本月培训5场次参加的人数是210')).toMatchObject({ trainingSessions: 5 });
  });
});

describe('which field a number belongs to', () => {
  it('a field its own clause names beats one an earlier clause of the sentence names', () => {
    expect(values('本月职工培训3场，岗位练兵搞了一次有70人参加')).toEqual({
      month: '2026-12',
      trainingSessions: 3,
      competitions: 1,
      competitionParticipants: 70,
    });
  });

  it('all the unit’s teams are not its learning teams, but the unit’s learning teams are', () => {
    expect(values('全单位现有班组58个，学习型班组累计12个')).toEqual({ groupsTotal: 12 });
    expect(values('本月新建学习型班组2个，全集团累计达到40个')).toEqual({
      month: '2026-12',
      groupsNew: 2,
      groupsTotal: 40,
    });
    expect(values('全厂学习型班组已有17个')).toEqual({ groupsTotal: 17 });
  });

  it('a percentage in brackets or before a verb is still the ratio; 85%的职工 is not', () => {
    expect(values('职工教育经费（占工资总额2.2%）已足额提取')).toEqual({ fundRatio: 2.2 });
    expect(values('教育经费按工资总额1.8%计提')).toEqual({ fundRatio: 1.8 });
    expect(values('经费到位后85%的职工参加了培训').fundRatio).toBeUndefined();
  });

  it('visitors and next year’s plans are not this month’s participants', () => {
    expect(values('读书活动参与职工90人，职工书屋接待参观300人次')).toEqual({ readingParticipants: 90 });
    expect(values('新增技师2名，另有30名职工报名明年的技师考评')).toEqual({ newHighSkill: 2 });
  });

  it('the number of those doing something (两个车间各…) is not what they did', () => {
    expect(values('三个车间分别组织了培训').trainingSessions).toBeUndefined();
    expect(values('两个车间各举办培训1场').trainingSessions).toBeUndefined();
  });
});

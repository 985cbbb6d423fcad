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

describe('the words officers use (domain vocabulary in the form definition)', () => {
  const field = (k: string) => monthlyReport.fields.find((f) => f.key === k)!;

  it('migrant workers under any of their names', () => {
    for (const who of ['外来务工人员', '进城务工人员', '农民工', '新市民', '外来人员', '农村转移劳动力']) {
      expect(values(`本月培训${who}45人`), who).toEqual({ month: '2026-12', migrantTrained: 45 });
    }
  });

  it('training sessions under any of their names, and their participants', () => {
    for (const what of ['职工大讲堂', '职工课堂', '技能提升班', '研修班', '微课', '实训', '学习班']) {
      expect(values(`本月举办${what}3期，参加人数共90人次`), what).toEqual({
        month: '2026-12',
        trainingSessions: 3,
        trainingParticipants: 90,
      });
    }
  });

  it('high-skill talent under any of its titles and verbs', () => {
    for (const t of ['新晋高级技师2人', '考出技师证书的2人', '获得首席技师称号2名', '新评定技能大师2名']) {
      expect(values(t), t).toEqual({ newHighSkill: 2 });
    }
    expect(field('newHighSkill').extract?.all[0]).toEqual(expect.arrayContaining(['技师', '高级技师', '高级工']));
  });

  it('reading activities under any of their names', () => {
    for (const t of ['图书漂流活动参与职工60人', '职工共读活动参加60人', '经典诵读参与60人']) {
      expect(values(t), t).toEqual({ readingParticipants: 60 });
    }
  });
});

describe('choices and yes/no said a clause later or in other words', () => {
  it('a creation status in the next clause, when that clause says only the status', () => {
    expect(values('学习型工会创建还在研究，尚未启动')).toEqual({ unionStatus: 'none' });
    expect(values('学习型企业创建工作，目前已经达标')).toEqual({ enterpriseStatus: 'reached' });
    expect(values('学习型企业创建还在研究，培训工作已启动')).toEqual({});
  });

  it('two different statuses in one clause are asked, not the first one guessed', () => {
    expect(values('10月份已启动的学习型企业创建目前推进中')).toEqual({});
    expect(values('学习型企业创建尚未启动')).toEqual({ enterpriseStatus: 'none' });
    expect(values('学习型工会创建正在稳步推进')).toEqual({ unionStatus: 'ongoing' });
  });

  it('submitted to and passed by the workers’ congress is a yes; a plan is not', () => {
    expect(values('培训经费安排已提交职代会审议')).toEqual({ fundInContract: true });
    expect(values('培训经费方案经职代会表决通过')).toEqual({ fundInContract: true });
    expect(values('培训经费还没提交职代会')).toEqual({ fundInContract: false });
    expect(values('培训经费计划提交明年职代会')).toEqual({});
  });
});

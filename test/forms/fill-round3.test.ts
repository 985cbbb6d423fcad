import { describe, expect, it } from 'vitest';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { extractParagraph } from '../../src/forms/extract.js';

// Mechanisms added after an independent set (redteam2): each on sentences of its own, not the set's.
const env = { now: new Date('2026-12-15T04:00:00Z'), tz: 'Asia/Shanghai', lang: 'zh' as const };
const values = (s: string) => extractParagraph(monthlyReport, s, env).values;

describe('migrant workers: a headcount is not a trainee count', () => {
  it('a headcount sets no subject, and a 其中 sub-count keeps the total for everyone', () => {
    const v = values('厂里现有农民工500人，本月举办讲座3场共210人次，其中农民工90人。');
    expect(v).toMatchObject({ trainingSessions: 3, trainingParticipants: 210, migrantTrained: 90 });
  });
  it('a migrant count with no training word anywhere in its sentence is not filed', () => {
    expect(values('本单位有外来务工人员300人。').migrantTrained).toBeUndefined();
    expect(values('外来务工人员共计650人，占职工总数一半。').migrantTrained).toBeUndefined();
  });
  it('a sentence opening with 其中 breaks down the sentence before it', () => {
    expect(values('本月开展实训4期，参训260人次；其中新市民75人。')).toMatchObject({ migrantTrained: 75 });
  });
});

describe('dictated text without punctuation', () => {
  it('a word opening the next statement is not what a number counts', () => {
    expect(values('本月办了两场讲座来了九十人次其中外来务工人员有二十个人另外职工书屋添了一批新书')).toMatchObject({
      trainingSessions: 2,
      trainingParticipants: 90,
      migrantTrained: 20,
    });
    expect(values('这个月新增高级技师三个学习型企业还在推进')).toMatchObject({
      newHighSkill: 3,
      enterpriseStatus: 'ongoing',
    });
  });
  it('a field named right by the number beats one named elsewhere in the run-on clause', () => {
    expect(values('这个月讲座办了四场岗位练兵搞了一次参加练兵的五十个人')).toMatchObject({
      trainingSessions: 4,
      competitions: 1,
      competitionParticipants: 50,
    });
  });
  it('colloquial numerals after 参加的有 (两百八 = 280, 三百五 = 350)', () => {
    expect(values('职工读书活动本月参加的有三百五')).toMatchObject({ readingParticipants: 350 });
    expect(values('本月技能竞赛参加的有一千二')).toMatchObject({ competitionParticipants: 1200 });
  });
});

describe('creation statuses in more words', () => {
  it('尚未开展 is not started, 刚刚启动 started, a title conferred is the standard reached', () => {
    expect(values('学习型企业创建暂未开展，学习型工会刚刚启动。')).toMatchObject({
      enterpriseStatus: 'none',
      unionStatus: 'started',
    });
    expect(values('今年我单位被命名为区级学习型企业。')).toMatchObject({ enterpriseStatus: 'reached' });
  });
});

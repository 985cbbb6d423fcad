import { describe, expect, it } from 'vitest';
import { ENGLISH_CUES } from '../../src/forms/definitions/english.js';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { extractParagraph } from '../../src/forms/extract.js';
import { normalizeParagraph } from '../../src/forms/normalize.js';

const env = { now: new Date('2026-12-15T04:00:00Z'), tz: 'Asia/Shanghai', lang: 'zh' as const };
const values = (s: string) => extractParagraph(monthlyReport, s, env).values;

describe('English mixed into a report paragraph', () => {
  it('cue words and measure words are rewritten, longest phrase first', () => {
    expect(normalizeParagraph('training sessions: 4; 95 person-times')).toBe('培训场次: 4; 95 人次');
    expect(normalizeParagraph('Oct update: 2 new learning teams')).toBe('10月份: 新建学习型班组 2');
    expect(normalizeParagraph('the payroll')).toContain('工资总额');
  });
  it('every entry is a valid whole-word pattern with Chinese on the right', () => {
    for (const [en, zh] of ENGLISH_CUES) {
      expect(() => new RegExp(en)).not.toThrow();
      expect(zh).toMatch(/^[\u4e00-\u9fff]+$/);
    }
  });
  it('a paragraph in English fills the same fields', () => {
    expect(
      values('Oct report: training 4 sessions, 150 person-times; skill competition x2, 36 participants.'),
    ).toMatchObject({
      month: '2026-10',
      trainingSessions: 4,
      trainingParticipants: 150,
      competitions: 2,
      competitionParticipants: 36,
    });
    expect(
      values(
        'Training sessions: 3; trainees: 120 person-times; migrant workers trained: 45; reading activity participants: 66',
      ),
    ).toMatchObject({
      trainingSessions: 3,
      trainingParticipants: 120,
      migrantTrained: 45,
      readingParticipants: 66,
    });
    expect(values('education fund as % of payroll: 1.8%')).toMatchObject({ fundRatio: 1.8 });
    expect(values('new high-skill workers: 4; knowledge workers commended: 6')).toMatchObject({
      newHighSkill: 4,
      commended: 6,
    });
  });
  it('a number before the thing it counts (English order) is read as Chinese writes it', () => {
    expect(values('Oct: 3 new learning teams, 18 in total; 6 training sessions, 210 person-times.')).toMatchObject({
      month: '2026-10',
      groupsNew: 3,
      groupsTotal: 18,
      trainingSessions: 6,
      trainingParticipants: 210,
    });
    expect(normalizeParagraph('142 person-times')).toBe('142 人次');
  });
  it('key=value forms read like key: value', () => {
    expect(values('报告月份=2026-09；培训场次=7；培训人次=265；参赛人数=48；技能竞赛=2')).toMatchObject({
      month: '2026-09',
      trainingSessions: 7,
      trainingParticipants: 265,
      competitions: 2,
      competitionParticipants: 48,
    });
  });
});

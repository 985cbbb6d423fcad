import { describe, expect, it } from 'vitest';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { extractParagraph } from '../../src/forms/extract.js';
import { distributed, kindOf, listSum } from '../../src/forms/lists.js';
import { readParagraph } from '../../src/forms/read.js';

const env = { now: new Date('2026-12-15T04:00:00Z'), tz: 'Asia/Shanghai', lang: 'zh' as const };
const read = (s: string) => extractParagraph(monthlyReport, s, env);
const values = (s: string) => read(s).values;

describe('lists of kinds inside one field', () => {
  it('names the kind nearest the number, the longer one when they end together', () => {
    expect(kindOf('、高级技师', ['技师', '高级技师'])).toBe('高级技师');
    expect(kindOf('竞赛方面：组织岗位练兵', ['比武', '竞赛', '练兵'])).toBe('练兵');
    expect(kindOf('本月', ['比武'])).toBe('');
  });

  it('counts the kinds listed before 各, and nothing else', () => {
    const cues = ['比武', '竞赛', '练兵', '比赛'];
    expect(distributed('举办了岗位练兵、技术比武和技能竞赛各', cues)).toBe(3);
    expect(distributed('技术比武与技能比赛各举办', cues)).toBe(2);
    expect(distributed('两个车间各举办', cues)).toBeNull();
    expect(distributed('培训和竞赛各', cues)).toBeNull();
    expect(distributed('技能竞赛和技能竞赛各', cues)).toBeNull();
  });

  it('sums a run of different kinds in one clause only', () => {
    const qs = readParagraph('岗位练兵4场、技术比武2场').flatMap((c) => c.quantities);
    const claims = qs.map((q, index) => ({ q, v: q.value, kind: index === 0 ? '练兵' : '比武', index }));
    expect(listSum(claims)).toBe(6);
    expect(listSum(claims.map((c) => ({ ...c, kind: '比武' })))).toBeNull();
    expect(listSum(claims.slice(0, 1))).toBeNull();
  });

  it('fills the sum of a list of kinds, and leaves the rest to be asked', () => {
    expect(values('本月开展技术比武2场、岗位练兵3场，参与职工260人')).toEqual({
      month: '2026-12',
      competitions: 5,
      competitionParticipants: 260,
    });
    expect(values('新增高级技师1名、首席技师1名')).toEqual({ newHighSkill: 2 });
    expect(values('本月新考取技师的3人和高级技师的2人')).toEqual({ month: '2026-12', newHighSkill: 5 });
    // 技术比武1场 and 技能竞赛1场 are two contests, never “1”.
    expect(values('本月技术比武1场，参赛40人，技能竞赛1场').competitions).toBeUndefined();
    // The same kind twice (two workshops) is not summed; a comma list is not read as one list.
    expect(read('本月一车间培训2场，二车间培训3场').values.trainingSessions).toBeUndefined();
    expect(read('上月新增高级技师2人，技师4人，高级工10人。').unsure).toEqual(['2', '4', '10']);
    // A total stated with the list wins.
    expect(values('技术比武2次、岗位练兵1次，共4项').competitions).toBe(4);
  });

  it('reads 各 after a list of kinds as one each', () => {
    expect(values('本月举办岗位练兵、技术比武和技能竞赛各1场，参赛职工共150人')).toEqual({
      month: '2026-12',
      competitions: 3,
      competitionParticipants: 150,
    });
    expect(values('本月两个车间各举办培训1场').trainingSessions).toBeUndefined();
    expect(values('新增技师和高级技师各2名')).toEqual({ newHighSkill: 4 });
  });
});

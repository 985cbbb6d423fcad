import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/types.js';
import { formsApp, text, values } from './helpers.js';

// Through the real web chat (POST /api/chat) and Redis: a paragraph with a number that cannot be
// placed, the “您填的是 95%，确认吗？” step, the remaining questions, and the export.
type App = Awaited<ReturnType<typeof formsApp>>;
let t: App;
let unitId = '';

beforeAll(async () => {
  t = await formsApp();
  const u = await t.forms.upsertUnit({
    name: '惠山机械厂',
    district: '惠山区',
    type: '企业',
    highTrainingNeeds: false,
  });
  unitId = u.id;
  await t.forms.bindOfficer('web:zhao', u.id);
  const other = await t.forms.upsertUnit({
    name: '锡山纺织厂',
    district: '锡山区',
    type: '企业',
    highTrainingNeeds: false,
  });
  await t.forms.bindOfficer('web:qian', other.id);
});
afterAll(async () => {
  await t.close();
});

const say = (who: string, s: string) => t.chat({ userId: who, chatId: `c-${who}`, text: s });
const press = (who: string, action: string) => t.chat({ userId: who, chatId: `c-${who}`, action });

/** Answer what the form asks (buttons first, then a number), until the summary. */
async function answerRest(who: string, first: Reply[], answers: [RegExp, string][]): Promise<Reply[]> {
  let r = first;
  for (let i = 0; i < 25; i++) {
    const q = r.at(-1)!;
    if (values([q]).includes('form:confirm')) return r;
    const own = answers.find(([re]) => re.test(q.text));
    const button = (q.choices ?? []).find((c) => c.label === '推进中' || c.label === '是' || c.label === '跳过');
    if (own) r = await say(who, own[1]);
    else if (button) r = await press(who, button.value);
    else r = await say(who, '0');
  }
  throw new Error(`no summary: ${text(r)}`);
}

describe('a paragraph that cannot be placed in full', () => {
  it('fills what is certain, says which number it could not place, asks the rest and confirms 95%', async () => {
    await say('zhao', '/report');
    const para = await say(
      'zhao',
      '本月新建学习型班组2个；新增高级技师1名，技师3名；培训3场，共150人次；教育经费占工资总额95%。',
    );
    const p = text(para);
    expect(p).toContain('本月新建学习型班组：2 个');
    expect(p).toContain('培训场次：3 场');
    expect(p).toContain('培训人次：150 人次');
    expect(p).not.toContain('累计学习型班组：');
    expect(p).not.toContain('新增高技能人才：');
    expect(p).toContain('‘1’、‘3’ 我没能确定是哪一项，稍后会问您');
    // The ratio is held back until confirmed, with 是 / 否 buttons.
    expect(p).toContain('您填的是 95%，确认吗？');
    expect(values(para)).toEqual(['form:sure:yes', 'form:sure:no']);
    expect(text(await say('zhao', '进度'))).not.toContain('比例：95%');

    // An unclear reply asks again (never stuck); 是 files it and the form moves on.
    const unclear = text(await say('zhao', '嗯……'));
    expect(unclear).toContain('请回复“是”确认 95%');
    expect(unclear).toContain('您填的是 95%，确认吗？');
    const yes = text(await press('zhao', 'form:sure:yes'));
    expect(yes).toContain('「职工教育经费占工资总额比例」按 95% 填写');
    expect(yes).toContain('累计共有多少个学习型班组');

    const summary = await answerRest('zhao', await say('zhao', '20'), [
      [/技术比武、技能竞赛/, '2场'],
      [/多少人参加/, '40人'],
      [/高技能人才/, '4名'],
    ]);
    expect(text(summary)).toContain('职工教育经费占工资总额比例：95%');
    expect(text(await say('zhao', '确认提交'))).toContain('第 1 版');
    const rep = await t.forms.getReport(unitId, '2026-11');
    expect(rep?.data).toMatchObject({
      groupsNew: 2,
      groupsTotal: 20,
      trainingParticipants: 150,
      fundRatio: 95,
      newHighSkill: 4,
    });
    const table = await t.forms.exportRows('2026-11');
    expect(JSON.stringify(table)).toContain('95');
  });

  it('否 or the right number instead of the 95%, and the cross-field rules on typed answers', async () => {
    await say('qian', '/report');
    await say('qian', '本月');
    await say('qian', '3');
    const below = text(await say('qian', '2'));
    expect(below).toContain('累计学习型班组数不能少于本月新建数');
    expect(below).toContain('您填的是 2 个，确认吗？');
    expect(text(await say('qian', '12'))).toContain('学习型企业');
    const para = text(await say('qian', '学习型企业推进中，学习型工会已启动，培训4场，职工教育经费占工资总额比例85'));
    expect(para).toContain('您填的是 85%，确认吗？');
    // Typing the right value replaces it without a question; 否 would have asked the field again.
    const fixed = text(await say('qian', '1.5%'));
    expect(fixed).not.toContain('确认吗');
    expect(fixed).toContain('培训共多少人次');
    const few = text(await say('qian', '3人次'));
    expect(few).toContain('培训人次少于培训场次');
    expect(few).toContain('您填的是 3 人次，确认吗？');
    expect(text(await say('qian', '修改 经费比例 50'))).toContain('您填的是 50%，确认吗？');
    const no = text(await say('qian', '否'));
    expect(no).toContain('占工资总额的比例是多少');
    expect(text(await say('qian', '进度'))).toContain('比例：1.5%');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsApp, text, values } from './helpers.js';

type App = Awaited<ReturnType<typeof formsApp>>;
let t: App;

beforeAll(async () => {
  t = await formsApp();
  expect(text(await t.chat({ userId: 'boss', text: '/officer web:li 无锡一棉' }))).toContain('无锡一棉');
  await t.chat({ userId: 'boss', text: '/unit add 无锡一棉 梁溪区 企业 是' });
});
afterAll(async () => {
  await t.close();
});

const li = (s: string, chatId = 'c-li') => t.chat({ userId: 'li', chatId, text: s });

describe('the 李主任 story', () => {
  it('fills a report from a paragraph, asks only the rest, edits one number and submits', async () => {
    const start = await li('/report');
    expect(text(start)).toContain('哪个月');

    const afterPara = await li('本月新建班组3个，培训两场共一百二十人次，经费占比1.8%');
    const p = text(afterPara);
    expect(p).toContain('本月新建学习型班组：3 个');
    expect(p).toContain('培训场次：2 场');
    expect(p).toContain('培训人次：120 人次');
    expect(p).toContain('1.8%');
    expect(p).toContain('2026-11');
    // 1.8% is below the 2.5% for an enterprise with high training needs: a warning citing the document.
    const warn = afterPara.find((r) => r.text.includes('2.5%'));
    expect(warn?.citations?.[0]?.quote).toContain('不低于工资总额的1.5%');
    expect(p).toContain('累计共有多少个学习型班组');

    expect(text(await li('15个'))).toContain('学习型企业');
    const ent = await li('推进中');
    expect(values(ent)).toContain('form:choice:unionStatus:started');
    expect(text(await t.chat({ userId: 'li', chatId: 'c-li', action: 'form:choice:unionStatus:started' }))).toContain(
      '纳入职代会',
    );
    expect(text(await li('是'))).toContain('技术比武');
    expect(text(await li('两场'))).toContain('多少人参加');
    expect(text(await li('80人'))).toContain('读书自学');
    expect(text(await li('四十五人'))).toContain('高技能');
    expect(text(await li('3名'))).toContain('进城务工');
    expect(text(await li('30'))).toContain('表彰');
    expect(text(await li('跳过'))).toContain('亮点');
    expect(text(await li('开展师带徒结对活动'))).toContain('困难');
    const summary = await li('跳过');
    expect(text(summary)).toContain('请核对');
    expect(values(summary)).toContain('form:confirm');

    const edited = await li('修改 培训人次 150');
    expect(text(edited)).toContain('培训人次」改为 150 人次');
    expect(text(edited)).toContain('请核对');

    const done = await li('确认提交');
    expect(text(done)).toContain('第 1 版');
    const unitId = (await t.forms.unitOf('web:li'))!;
    const rep = await t.forms.getReport(unitId, '2026-11');
    expect(rep?.data).toMatchObject({
      groupsNew: 3,
      groupsTotal: 15,
      trainingSessions: 2,
      trainingParticipants: 150,
      fundRatio: 1.8,
      fundInContract: true,
      highlights: '开展师带徒结对活动',
    });
    expect(rep?.data).not.toHaveProperty('commended');
    expect(rep?.by).toBe('web:li');
    // The session is released: a plain message now goes to Q&A, not the form.
    expect(text(await li('确认提交'))).not.toContain('第 2 版');
  });
});

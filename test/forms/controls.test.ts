import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsApp, text, values } from './helpers.js';

type App = Awaited<ReturnType<typeof formsApp>>;
let t: App;

beforeAll(async () => {
  t = await formsApp();
  // One unit per officer, so one test's submission never prefills another's draft.
  for (const who of ['a', 'b', 'c', 'd']) {
    const u = await t.forms.upsertUnit({
      name: `惠山区机关工会${who}`,
      district: '惠山区',
      type: '机关',
      highTrainingNeeds: false,
    });
    await t.forms.bindOfficer(`web:${who}`, u.id);
  }
});
afterAll(async () => {
  await t.close();
});

const say = (who: string, s: string) => t.chat({ userId: who, chatId: `chat-${who}`, text: s });
const press = (who: string, action: string) => t.chat({ userId: who, chatId: `chat-${who}`, action });

describe('answers that do not fit', () => {
  it('say what is wrong and what is expected, in Chinese, and keep asking the same question', async () => {
    await say('a', '/report');
    expect(text(await say('a', '下下个月'))).toContain('需要一个月份');
    expect(text(await say('a', '2099-01'))).toContain('不能填报未来的月份');
    await say('a', '本月');
    const notNumber = text(await say('a', '好几个'));
    expect(notNumber).toContain('「本月新建学习型班组」需要填一个整数');
    expect(notNumber).toContain('本月新建了多少个学习型班组');
    expect(text(await say('a', '2.5'))).toContain('不是整数');
    expect(text(await say('a', '-3'))).toMatch(/整数|之间/);
    expect(text(await say('a', '20000'))).toContain('应在 0 到 10000 之间');
    await say('a', '2');
    // Total below new: the form definition's rule asks right away; the right number replaces it.
    const below = text(await say('a', '1'));
    expect(below).toContain('累计学习型班组数不能少于本月新建数');
    expect(below).toContain('您填的是 1 个，确认吗？');
    expect(text(await say('a', '5'))).toContain('学习型企业');
    const choice = text(await say('a', '差不多吧'));
    expect(choice).toContain('请从这些选项中选：未启动 / 已启动 / 推进中 / 已达标');
    await say('a', '已达标');
    await say('a', '推进中');
    await say('a', '3');
    await say('a', '100');
    expect(text(await say('a', '百分之一百五'))).toContain('应在 0 到 100 之间');
    expect(text(await say('a', '不清楚'))).toContain('需要一个百分比');
    const low = await say('a', '1.2%');
    // An agency with 1.2%: the 1.5% minimum for ordinary units, as a warning that cites the document.
    expect(text(low)).toContain('低于一般企业不低于 1.5% 的要求');
    expect(text(low)).toContain('《意见》四、：“一般企业要保证职工教育和培训经费不低于工资总额的1.5%');
    expect(low.some((r) => r.citations?.some((c) => c.locator.includes('四、')))).toBe(true);
    expect(text(await say('a', '也许吧'))).toContain('请回答“是”或“否”');
    await say('a', '否');
    for (const a of ['0', '0', '0', '0', '0', '跳过', '跳过']) await say('a', a);
    const long = text(await say('a', 'x'.repeat(1001)));
    expect(long).toContain('最多 1000 字');
    const summary = await say('a', '跳过');
    expect(text(summary)).toContain('请核对');
    expect(text(summary)).toContain('累计学习型班组：5 个');
    expect(text(await say('a', '确认提交'))).toContain('第 1 版');
  });
});

describe('skip, back, edit, cancel, progress', () => {
  it('cannot skip a required field; 上一步 goes back; 修改 jumps; 进度 lists; 取消 drops the draft', async () => {
    await say('b', '填报');
    expect(text(await say('b', '跳过'))).toContain('是必填项，不能跳过');
    await say('b', '本月');
    await say('b', '4');
    const back = await say('b', '上一步');
    expect(text(back)).toContain('本月新建了多少个学习型班组');
    expect(text(back)).toContain('当前填的是：4 个');
    // 跳过 on an answered field keeps the answer and moves on.
    expect(text(await say('b', '跳过'))).toContain('累计共有多少个学习型班组');
    await say('b', '上一步');
    await say('b', '5');
    expect(text(await say('b', '进度'))).toMatch(
      /已填 2\/17 项[\s\S]*本月新建学习型班组：5 个[\s\S]*还没填：累计学习型班组/,
    );
    const jump = await say('b', '修改 报告月份');
    expect(text(jump)).toContain('哪个月');
    // After the jump the next unanswered question comes back.
    expect(text(await say('b', '上月'))).toContain('累计共有多少个学习型班组');
    expect(text(await say('b', '修改 不存在的项'))).toContain('没有找到叫“不存在的项”的填报项');
    const menu = await say('b', '修改');
    expect(values(menu)).toContain('form:edit:trainingParticipants');
    const viaButton = await press('b', 'form:edit:trainingParticipants');
    expect(text(viaButton)).toContain('多少人次');
    expect(text(await say('b', '取消'))).toContain('已取消');
    // The session is released and the draft is gone.
    expect(text(await press('b', 'form:skip'))).toContain('没有正在填写的表单');
    expect(text(await say('b', '/report'))).toContain('开始填写');
  });

  it('skips optional fields with the button and goes back from the summary', async () => {
    await say('c', '/report');
    await say(
      'c',
      '本月新建班组1个，累计班组6个，学习型企业推进中，学习型工会已启动，培训3场90人次，经费比例2%，已纳入集体合同',
    );
    const para = text(await say('c', '技术比武1场，参赛20人；读书活动30人，新增高技能人才2名，培训进城务工人员10人'));
    expect(para).toContain('表彰');
    const skipped = await press('c', 'form:skip');
    expect(text(skipped)).toContain('亮点');
    // A text answer that starts with 修改 is an answer, not the edit command.
    expect(text(await say('c', '修改了培训考核制度'))).toContain('困难');
    const summary = await press('c', 'form:skip');
    expect(text(summary)).toContain('工作亮点和典型经验：修改了培训考核制度');
    expect(text(summary)).toContain('知识型职工表彰：（已跳过）');
    // On the summary, a sentence naming a field amends it and shows the summary again.
    const amended = text(await say('c', '培训人次改成200人次'));
    expect(amended).toContain('培训人次：200 人次');
    expect(amended).toContain('请核对');
    expect(text(await say('c', '上一步'))).toContain('困难');
  });
});

describe('side questions', () => {
  it('answers a question asked in the middle and repeats the form prompt, without filling anything', async () => {
    await say('d', '/report');
    await say('d', '本月');
    const r = await say('d', '职工教育经费应该占工资总额多少？');
    expect(r.length).toBeGreaterThanOrEqual(3);
    // Answered by the Q&A service from the campaign document, with its citation.
    expect(r[0]!.text).toContain('1.5%');
    expect(r[0]!.citations?.length).toBeGreaterThan(0);
    expect(r[r.length - 2]!.text).toContain('回到填报');
    expect(r[r.length - 1]!.text).toContain('本月新建了多少个学习型班组');
    expect(text(await say('d', '进度'))).toContain('已填 1/17 项');
  });
});

describe('the second form', () => {
  it('runs the reading sign-up with the same engine, for a person instead of a unit', async () => {
    const r = await t.chat({ userId: 'reader', chatId: 'r', text: '读书报名' });
    expect(text(r)).toContain('职工读书自学活动报名');
    await t.chat({ userId: 'reader', chatId: 'r', text: '王芳' });
    const track = await t.chat({ userId: 'reader', chatId: 'r', text: '科学文化' });
    expect(text(track)).toContain('每月计划读几本书');
    expect(text(await t.chat({ userId: 'reader', chatId: 'r', text: '20本' }))).toContain('应在 1 到 10 之间');
    await t.chat({ userId: 'reader', chatId: 'r', text: '两本' });
    const summary = await t.chat({ userId: 'reader', chatId: 'r', action: 'form:choice:share:yes' });
    expect(text(summary)).toContain('请核对');
    expect(text(await t.chat({ userId: 'reader', chatId: 'r', action: 'form:confirm' }))).toContain('已提交');
  });
});

describe('English', () => {
  it('asks in English when the user writes English, with Chinese field names still understood', async () => {
    const r = await t.chat({ userId: 'd', chatId: 'en', text: '/report', lang: 'en' });
    expect(text(r)).toContain('Which month is this report for?');
    expect(text(await t.chat({ userId: 'd', chatId: 'en', text: 'last month', lang: 'en' }))).toContain(
      'learning teams',
    );
    expect(text(await t.chat({ userId: 'd', chatId: 'en', text: 'lots', lang: 'en' }))).toContain(
      'needs a whole number',
    );
    expect(text(await t.chat({ userId: 'd', chatId: 'en', text: 'cancel', lang: 'en' }))).toContain('Cancelled');
  });
});

describe('form definitions', () => {
  it('every button value fits Telegram callback data (64 bytes)', async () => {
    const { forms } = await import('../../src/forms/definitions/index.js');
    for (const def of Object.values(forms)) {
      for (const f of def.fields) {
        expect(Buffer.byteLength(`form:edit:${f.key}`)).toBeLessThanOrEqual(64);
        for (const c of f.choices ?? [])
          expect(Buffer.byteLength(`form:choice:${f.key}:${c.value}`)).toBeLessThanOrEqual(64);
      }
      // The same zod schema validates a full submission.
      expect(def.schema.safeParse({}).success).toBe(false);
    }
  });
});

describe('group threads', () => {
  it('the officer answers in a thread without @-mentioning the bot; others in the thread are not captured', async () => {
    const g = (userId: string, s: string, mentioned = false) =>
      t.chat({ userId, chatId: 'group1', threadId: 'th1', isGroup: true, mentioned, text: s });
    expect(text(await g('a', '/report'))).toContain('哪个月');
    expect(await g('someone', '今天开会吗')).toEqual([]);
    expect(text(await g('a', '上月'))).toContain('本月新建了多少个学习型班组');
    expect(text(await g('a', '取消'))).toContain('已取消');
  });
});

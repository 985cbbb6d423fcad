import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, testRedis, uniquePrefix } from '../helpers/app.js';
import { NOW, formsApp, text } from './helpers.js';
import { fakeClock } from '../helpers/app.js';

type App = Awaited<ReturnType<typeof formsApp>>;
let t: App;

const PARA1 =
  '本月新建班组3个，累计班组10个，学习型企业推进中，学习型工会已启动，培训2场共120人次，经费占比1.8%，已纳入集体合同';
const PARA2 = '技术比武1场，参赛20人；读书活动30人，新增高技能人才2名，培训进城务工人员10人';

/** File a complete report in a few messages (paragraphs, then skip the optional fields). */
async function fileReport(app: TestApp, userId: string, extra = ''): Promise<string> {
  const chat = (s: string) => app.chat({ userId, chatId: `chat-${userId}`, text: s });
  await chat('/report');
  await chat(PARA1 + extra);
  await chat(PARA2);
  for (let i = 0; i < 3; i++) await chat('跳过');
  return text(await chat('确认提交'));
}

beforeAll(async () => {
  t = await formsApp({ ADMIN_API_TOKEN: 'sekret' });
  await t.chat({ userId: 'boss', text: '/unit add 红豆集团 锡山区 企业 否' });
  await t.chat({ userId: 'boss', text: '/unit add 市第二人民医院 梁溪区 事业单位' });
  await t.chat({ userId: 'boss', text: '/unit add 滨湖区总工会 滨湖区 社会团体' });
  await t.chat({ userId: 'boss', text: '/officer web:hong 红豆集团' });
  await t.chat({ userId: 'boss', text: '/officer web:yi 市第二人民医院' });
});
afterAll(async () => {
  await t.close();
});

describe('units, officers and invites', () => {
  it('staff manage the registry; wrong input gets the usage', async () => {
    expect(text(await t.chat({ userId: 'boss', text: '/unit list' }))).toMatch(
      /共 3 个[\s\S]*红豆集团（锡山区，企业）/,
    );
    expect(text(await t.chat({ userId: 'boss', text: '/unit add 某单位 滨湖区 公司xx' }))).toContain('用法');
    expect(text(await t.chat({ userId: 'hong', text: '/unit list' }))).toContain('需要办公室工作人员权限');
    expect(text(await t.chat({ userId: 'boss', text: '/officer bob 红豆集团' }))).toContain('用法');
  });

  it('an invite code binds once and makes the person an officer', async () => {
    const created = text(await t.chat({ userId: 'boss', text: '/invite 滨湖区总工会' }));
    const code = /：([A-Z0-9]{8})/.exec(created)?.[1];
    expect(code).toBeTruthy();
    expect(text(await t.chat({ userId: 'zhou', text: `/join ${code}` }))).toContain('滨湖区总工会');
    expect(await t.app.deps.roles.get('web:zhou')).toBe('officer');
    expect(text(await t.chat({ userId: 'other', text: `/join ${code}` }))).toContain('无效或已被使用');
    expect(text(await t.chat({ userId: 'other', text: '/join !!' }))).toContain('用法');
    expect(await t.forms.officersOf((await t.forms.unitOf('web:zhou'))!)).toEqual(['web:zhou']);
  });

  it('binding never demotes staff', async () => {
    await t.app.deps.roles.set('web:staffer', 'staff');
    await t.forms.bindOfficer('web:staffer', (await t.forms.unitOf('web:hong'))!);
    expect(await t.app.deps.roles.get('web:staffer')).toBe('staff');
  });
});

describe('reports as records', () => {
  it('filing again amends, keeping every version with who and when', async () => {
    expect(await fileReport(t, 'hong')).toContain('第 1 版');
    // A second officer of the same unit amends: the old values come back prefilled.
    await t.forms.bindOfficer('web:hong2', (await t.forms.unitOf('web:hong'))!);
    await t.chat({ userId: 'hong2', chatId: 'h2', text: '/report' });
    const pre = text(await t.chat({ userId: 'hong2', chatId: 'h2', text: '本月' }));
    expect(pre).toContain('已有第 1 版月报');
    t.clock.advance(3600_000);
    await t.chat({ userId: 'hong2', chatId: 'h2', text: '修改 培训人次 200' });
    for (let i = 0; i < 3; i++) await t.chat({ userId: 'hong2', chatId: 'h2', text: '跳过' });
    expect(text(await t.chat({ userId: 'hong2', chatId: 'h2', text: '确认提交' }))).toContain('第 2 版');
    const unitId = (await t.forms.unitOf('web:hong'))!;
    const history = await t.forms.reportHistory(unitId, '2026-11');
    expect(history.map((v) => [v.version, v.by, v.data['trainingParticipants']])).toEqual([
      [1, 'web:hong', 120],
      [2, 'web:hong2', 200],
    ]);
    expect(history[1]!.at > history[0]!.at).toBe(true);
    expect((await t.forms.getReport(unitId, '2026-11'))?.version).toBe(2);
    expect(text(await t.chat({ userId: 'hong', text: '/reports 2026-11' }))).toMatch(
      /第 2 版[\s\S]*第 1 版 · web:hong/,
    );
  });

  it('an officer files and sees only their own unit; staff see all', async () => {
    expect(text(await t.chat({ userId: 'yi', text: '/report 红豆集团' }))).toContain('只能填报和查看本单位');
    expect(text(await t.chat({ userId: 'yi', text: '/reports 2026-11 红豆集团' }))).toContain('只能填报和查看本单位');
    expect(text(await t.chat({ userId: 'yi', text: '/reports 2026-11' }))).toContain('还没有提交月报');
    expect(text(await t.chat({ userId: 'boss', text: '/reports 2026-11 红豆集团' }))).toContain('第 2 版');
    expect(text(await t.chat({ userId: 'nobody', text: '/report' }))).toContain('还没有绑定单位');
    expect(text(await t.chat({ userId: 'nobody', text: '/reports' }))).toContain('需要工会干部权限');
    expect(text(await t.chat({ userId: 'boss', text: '/report' }))).toContain('请注明为哪个单位');
  });

  it('an officer moved to another unit cannot submit the draft of the old unit', async () => {
    const hongUnit = (await t.forms.unitOf('web:hong'))!;
    const yiUnit = (await t.forms.unitOf('web:yi'))!;
    await t.forms.bindOfficer('web:mover', hongUnit);
    const chat = (s: string) => t.chat({ userId: 'mover', chatId: 'mv', text: s });
    await chat('/report');
    await chat('上月');
    await chat(PARA1.replace('本月', ''));
    await chat(PARA2);
    for (let i = 0; i < 3; i++) await chat('跳过');
    await t.forms.bindOfficer('web:mover', yiUnit);
    expect(text(await chat('确认提交'))).toContain('只能填报和查看本单位');
    expect(await t.forms.getReport(hongUnit, '2026-10')).toBeNull();
    expect(await t.forms.officersOf(hongUnit)).not.toContain('web:mover');
  });

  it('/progress shows submitted and missing units, totals and the document targets', async () => {
    expect(text(await t.chat({ userId: 'yi', text: '/progress' }))).toContain('权限');
    const p = text(await t.chat({ userId: 'boss', text: '/progress' }));
    expect(p).toContain('已提交 1/3 个单位');
    expect(p).toMatch(/未提交：.*市第二人民医院/);
    expect(p).toContain('培训人次：200 人次');
    expect(p).toMatch(/学习型班组 [█░]{10} 10 \/ 10000/);
    expect(p).toMatch(/学习型企业 [█░]{10} 0 \/ 1000/);
    expect(p).toMatch(/开展创建的单位 [█░]{10} 33\.3% \/ 70%/);
    const prog = await t.forms.progress('2026-11');
    expect(prog.submitted).toEqual(['红豆集团']);
    expect((await t.forms.missingReports('2026-11')).map((u) => u.name).sort()).toEqual(
      ['市第二人民医院', '滨湖区总工会'].sort(),
    );
    expect(await t.forms.reportMonths()).toEqual(['2026-11']);
  });

  it('exports one row per unit with Chinese headers, over HTTP with the admin token', async () => {
    const rows = await t.forms.exportRows('2026-11');
    expect(rows.headers.slice(0, 6)).toEqual(['单位', '所在区', '单位类型', '高培训需求', '月份', '填报状态']);
    expect(rows.rows).toHaveLength(3);
    const url = `${t.url}/api/admin/export?month=2026-11&format=csv`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: 'Bearer sekret' } });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain('单位,所在区');
    expect(csv).toContain('红豆集团,锡山区,企业,否,2026-11,已提交');
    const bad = await fetch(`${t.url}/api/admin/export?month=2026-13`, { headers: { authorization: 'Bearer sekret' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('YYYY-MM');
    const xlsx = await fetch(`${t.url}/api/admin/export?month=2026-11&format=xlsx`, {
      headers: { authorization: 'Bearer sekret' },
    });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });
});

describe('state in Redis', () => {
  it('the admin export answers 403 when no token is configured', async () => {
    const other = await startTestApp({});
    try {
      expect((await fetch(`${other.url}/api/admin/export?month=2026-11`)).status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('a restarted app (or another replica) resumes exactly where the officer was', async () => {
    const prefix = uniquePrefix('forms-restart');
    const env = { REDIS_PREFIX: prefix, FORM_TTL_DAYS: '7' };
    const clock = fakeClock(NOW);
    const a = await startTestApp(env, { clock });
    const unit = await a.app.services.forms.upsertUnit({
      name: '重启测试单位',
      district: '新吴区',
      type: '企业',
      highTrainingNeeds: false,
    });
    await a.app.services.forms.bindOfficer('web:r', unit.id);
    await a.chat({ userId: 'r', text: '/report' });
    await a.chat({ userId: 'r', text: '本月新建班组2个' });
    await a.app.stop(); // not close(): keep the keys
    const r = testRedis();
    const ttl = await r.ttl(`${prefix}form:draft:monthly:web:c1:web:r`);
    expect(ttl).toBeGreaterThan(6 * 24 * 3600);
    r.disconnect();
    const b = await startTestApp(env, { clock });
    try {
      const next = text(await b.chat({ userId: 'r', text: '12个' }));
      expect(next).toContain('学习型企业');
      expect(text(await b.chat({ userId: 'r', text: '进度' }))).toMatch(
        /本月新建学习型班组：2 个[\s\S]*累计学习型班组：12 个/,
      );
      expect(text(await b.chat({ userId: 'r', text: '/report' }))).toContain('继续填写');
    } finally {
      await b.close();
    }
  });

  it('a draft written against an older form version keeps only what is still valid', async () => {
    const unitId = (await t.forms.unitOf('web:zhou'))!;
    const key = t.app.deps.keys.formDraft('monthly', 'web:old', 'web:zhou');
    const old = {
      v: 0,
      id: 'old1',
      form: 'monthly',
      owner: unitId,
      values: { month: '2026-11', groupsNew: 2, gone: 1, groupsTotal: 'x' },
      skipped: [],
      cursor: 'gone',
      at: NOW,
    };
    await t.app.deps.redis.set(key, JSON.stringify(old), 'EX', 3600);
    await t.app.deps.redis.set(t.app.deps.keys.formActive('web:old', 'web:zhou'), 'monthly', 'EX', 3600);
    await t.app.deps.redis.set(t.app.deps.keys.session('web:old', 'web:zhou'), 'forms', 'EX', 3600);
    const r = text(await t.chat({ userId: 'zhou', chatId: 'old', text: '进度' }));
    expect(r).toContain('表单已更新');
    expect(r).toContain('已填 2/17 项');
    expect(r).toContain('累计共有多少个学习型班组');
    expect(JSON.parse((await t.app.deps.redis.get(key))!).v).toBe(1);
  });

  it('messages arriving at once are applied one by one and submit exactly once', async () => {
    const unitId = (await t.forms.unitOf('web:yi'))!;
    const chat = (s: string) => t.chat({ userId: 'yi', chatId: 'race', text: s });
    await chat('/report');
    await chat(PARA1);
    // Several answers at once: each lands on a consistent draft.
    await Promise.all([chat(PARA2), chat('进度'), chat('进度'), chat(PARA2)]);
    const prog = text(await chat('进度'));
    expect(prog).toContain('已填 14/17 项');
    for (let i = 0; i < 3; i++) await chat('跳过');
    const replies = await Promise.all(Array.from({ length: 6 }, () => chat('确认提交')));
    const submitted = replies.filter((r) => text(r).includes('已提交《'));
    expect(submitted).toHaveLength(1);
    expect(await t.forms.reportHistory(unitId, '2026-11')).toHaveLength(1);
    // The same draft confirmed again through a button press: nothing new.
    await t.chat({ userId: 'yi', chatId: 'race', action: 'form:confirm' });
    expect(await t.forms.reportHistory(unitId, '2026-11')).toHaveLength(1);
  });
});

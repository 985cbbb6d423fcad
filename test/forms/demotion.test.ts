import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { formsApp, text } from './helpers.js';

type App = Awaited<ReturnType<typeof formsApp>>;
let t: App;

const PARA1 = '本月新建班组3个，累计班组10个，学习型企业推进中，学习型工会已启动，培训2场共120人次，经费占比1.8%';

beforeAll(async () => {
  t = await formsApp();
  await t.chat({ userId: 'boss', text: '/unit add 红豆集团 锡山区 企业 否' });
});
afterAll(async () => {
  await t.close();
});

const say = (userId: string, s: string) => t.chat({ userId, chatId: `dm-${userId}`, text: s });

describe('a demoted officer files nothing', () => {
  it('/role X worker ends the binding, stops the open draft and refuses /report', async () => {
    await say('boss', '/officer web:zhao 红豆集团');
    expect(text(await say('zhao', '/report'))).toContain('开始填写');
    expect(text(await say('zhao', PARA1))).not.toContain('已不是工会干部');
    await say('boss', '/role web:zhao worker');
    expect(await t.forms.unitOf('web:zhao')).toBeNull();
    expect(text(await say('zhao', '确认提交'))).toContain('已不是工会干部');
    expect(text(await say('zhao', '/report'))).toContain('还没有绑定单位');
    expect(text(await say('zhao', '/report 红豆集团'))).toContain('还没有绑定单位');
    expect(await t.forms.getReport((await t.app.services.forms.listUnits())[0]!.id, '2026-11')).toBeNull();
  });

  it('/officer remove ends the binding and makes an officer a worker again; staff keep their role', async () => {
    await say('boss', '/officer web:qian 红豆集团');
    const removed = text(await say('boss', '/officer remove web:qian'));
    expect(removed).toContain('已解除');
    expect(removed).toContain('红豆集团');
    expect(text(await say('qian', '/whoami'))).toContain('职工');
    expect(text(await say('qian', '/report'))).toContain('还没有绑定单位');
    expect(text(await say('boss', '/officer remove web:qian'))).toContain('没有绑定任何单位');
    await say('boss', '/role web:sun staff');
    await say('boss', '/officer web:sun 红豆集团');
    await say('boss', '/officer remove web:sun');
    expect(text(await say('sun', '/whoami'))).toContain('办公室工作人员');
    expect(await t.forms.unitOf('web:sun')).toBeNull();
  });

  it('the CLI `officer remove` does the same', async () => {
    const env = { prefix: t.config.REDIS_PREFIX };
    expect((await runCli(['officer', 'add', 'telegram:777', '红豆集团'], env)).code).toBe(0);
    expect(await t.forms.unitOf('telegram:777')).not.toBeNull();
    const r = await runCli(['officer', 'remove', 'telegram:777'], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('removed');
    expect(await t.forms.unitOf('telegram:777')).toBeNull();
    expect(await t.app.deps.roles.get('telegram:777')).toBe('worker');
    expect((await runCli(['officer', 'remove', 'telegram:777'], env)).code).toBe(1);
  });
});

describe('/join invite codes cannot be guessed', () => {
  it('five tries an hour per identity, counted before the lookup; the right code then is refused too', async () => {
    const invite = text(await say('boss', '/invite 红豆集团'));
    const code = /[A-Z2-9]{8,16}/.exec(invite.replace('红豆集团', ''))![0];
    for (let i = 0; i < 5; i++) expect(text(await say('guess', `/join ZZZZZZZ${i}`))).toContain('邀请码');
    const locked = text(await say('guess', `/join ${code}`));
    expect(locked).toContain('尝试次数过多');
    expect(await t.forms.unitOf('web:guess')).toBeNull();
    // another identity redeems it normally
    expect(text(await say('honest', `/join ${code}`))).toContain('红豆集团');
  });
});

describe('officers do not learn which units exist', () => {
  it('a fragment, an ambiguous name or another unit all get the same answer', async () => {
    await say('boss', '/unit add 红豆纺织厂 锡山区 企业 否');
    await say('boss', '/unit add 市中医院 梁溪区 事业单位');
    await say('boss', '/officer web:li 市中医院');
    const answers = await Promise.all(
      ['红豆', '红豆集团', '不存在的单位', '纺织'].flatMap((n) => [say('li', `/report ${n}`), say('li', `/reports ${n}`)]),
    );
    const texts = new Set(answers.map(text));
    expect(texts.size).toBe(1);
    expect([...texts][0]).toContain('只能填报和查看本单位');
    expect(text(await say('boss', '/reports 红豆'))).toContain('多个');
  });
});

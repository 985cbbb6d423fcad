import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Module } from '../../src/core/module.js';
import { createRouter, parseCommand } from '../../src/core/router.js';
import type { Incoming } from '../../src/core/types.js';
import { type TestApp, startTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ ADMINS: 'telegram:1,slack:UADMIN' });
});
afterAll(async () => {
  await t.close();
});

const calls: string[] = [];
const echo: Module = {
  name: 'echo',
  commands: [
    {
      names: ['echo', '回声'],
      help: 'help.help',
      bareAliases: ['回声'],
      handler: async (ctx, args) => {
        calls.push(`echo:${args}`);
        await ctx.session.claim('echo');
        return [{ text: `echo ${args}` }];
      },
    },
    { names: ['secret'], help: 'help.help', role: 'staff', handler: async () => [{ text: 'staff only' }] },
    {
      names: ['boom'],
      help: 'help.help',
      handler: async () => {
        throw new Error('kaboom');
      },
    },
  ],
  actions: [{ prefix: 'echo', handler: async (_ctx, args) => [{ text: `pressed ${args}` }] }],
  session: {
    onText: async (ctx, text) => {
      if (text === '结束') {
        await ctx.session.release();
        return [{ text: 'bye' }];
      }
      return text.endsWith('?') ? null : [{ text: `session got ${text}` }];
    },
    prompt: async () => [{ text: 'echo prompt again' }],
  },
  onQuestion: async (_ctx, text) => [{ text: `question: ${text}` }],
};

function router() {
  return createRouter(t.app.deps, [echo]);
}
const dm = (text: string, extra: Partial<Incoming> = {}): Incoming => ({
  channel: 'telegram',
  chatId: '77',
  userId: '77',
  text,
  isGroup: false,
  mentioned: false,
  ...extra,
});

describe('parseCommand', () => {
  it('reads /cmd@bot args and bare Chinese aliases', () => {
    const bare = new Map([['填报', echo.commands![0]!]]);
    expect(parseCommand('/report@union_bot 2026-10', bare)).toEqual(['report', '2026-10']);
    expect(parseCommand('/Help', bare)).toEqual(['help', '']);
    expect(parseCommand('填报 十月', bare)).toEqual(['填报', '十月']);
    expect(parseCommand('填报是什么', bare)).toBeNull();
    expect(parseCommand('加班费怎么算', bare)).toBeNull();
  });
});

describe('router', () => {
  it('sends commands, bare aliases and button presses to their handlers', async () => {
    const r = router();
    expect((await r.handle(dm('/echo hi')))[0]!.text).toBe('echo hi');
    expect((await r.handle(dm('回声 你好')))[0]!.text).toBe('echo 你好');
    expect((await r.handle(dm('', { action: 'echo:yes' })))[0]!.text).toBe('pressed yes');
    expect((await r.handle(dm('', { action: 'gone:1' })))[0]!.text).toContain('失效');
  });

  it('routes plain text to the feature owning the session, falling through to questions', async () => {
    const r = router();
    await r.handle(dm('/echo start', { userId: 'S1' }));
    expect((await r.handle(dm('三个', { userId: 'S1' })))[0]!.text).toBe('session got 三个');
    // The session belongs to that user in that conversation only.
    expect((await r.handle(dm('三个', { userId: 'S2' })))[0]!.text).toBe('question: 三个');
    expect((await r.handle(dm('what?', { userId: 'S1' })))[0]!.text).toBe('question: what?');
    expect((await r.handle(dm('结束', { userId: 'S1' })))[0]!.text).toBe('bye');
    expect((await r.handle(dm('三个', { userId: 'S1' })))[0]!.text).toBe('question: 三个');
  });

  it('repeats the running session prompt after answering empty input or an unknown command', async () => {
    const r = router();
    await r.handle(dm('/echo start', { userId: 'P1' }));
    expect((await r.handle(dm('/nosuch', { userId: 'P1' }))).map((x) => x.text)).toEqual([
      '没有 /nosuch 这个命令。发送 /help 查看可用命令。',
      'echo prompt again',
    ]);
    expect((await r.handle(dm('  ', { userId: 'P1' })))[1]!.text).toBe('echo prompt again');
    // No session, no prompt.
    expect(await r.handle(dm('/nosuch', { userId: 'P2' }))).toHaveLength(1);
  });

  it('stays quiet in groups unless mentioned, but still takes commands', async () => {
    const r = router();
    const group = { isGroup: true, chatId: '-100', userId: 'G1' };
    expect(await r.handle(dm('大家好', group))).toEqual([]);
    expect(await r.handle(dm('/nosuch', group))).toEqual([]);
    expect((await r.handle(dm('加班费', { ...group, mentioned: true })))[0]!.text).toBe('question: 加班费');
    expect((await r.handle(dm('/echo x', group)))[0]!.text).toBe('echo x');
  });

  it('answers unknown commands and denies commands above the user role', async () => {
    const r = router();
    expect((await r.handle(dm('/nosuch')))[0]!.text).toContain('没有 /nosuch 这个命令');
    expect((await r.handle(dm('/secret')))[0]!.text).toContain('需要办公室工作人员权限');
    await t.app.deps.roles.set('telegram:77', 'staff');
    expect((await r.handle(dm('/secret')))[0]!.text).toBe('staff only');
  });

  it('turns a handler crash into a short apology and counts it', async () => {
    const replies = await router().handle(dm('/boom'));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('抱歉');
    const m = await t.app.deps.metrics.registry.getSingleMetricAsString('union_desk_errors_total');
    expect(m).toMatch(/where="router"\} [1-9]/);
  });

  it('answers in English when the user writes English', async () => {
    const replies = await router().handle(dm('/nosuch please help me'));
    expect(replies[0]!.text).toContain('There is no /nosuch command');
    // English keywords as command arguments do not switch the language.
    expect((await router().handle(dm('/nosuch status nope')))[0]!.text).toContain('没有 /nosuch 这个命令');
  });
});

describe('/lang', () => {
  it('keeps the chosen language for the person until changed back', async () => {
    expect((await t.chat({ userId: 'polyglot', text: '/lang en' }))[0]!.text).toContain('Language set to English');
    expect((await t.chat({ userId: 'polyglot', text: '/nosuch' }))[0]!.text).toContain('There is no /nosuch command');
    expect((await t.chat({ userId: 'polyglot', text: '/lang 火星文' }))[0]!.text).toContain('Usage: /lang');
    await t.chat({ userId: 'polyglot', text: '/lang 中文' });
    expect((await t.chat({ userId: 'polyglot', text: '/nosuch' }))[0]!.text).toContain('没有 /nosuch 这个命令');
  });
});

describe('roles', () => {
  it('bootstraps ADMINS as admins in Redis', async () => {
    expect(await t.app.deps.roles.get('telegram:1')).toBe('admin');
    expect(await t.app.deps.roles.get('slack:UADMIN')).toBe('admin');
    expect(await t.app.deps.roles.get('telegram:2')).toBe('worker');
    const replies = await t.chat({ text: '/role telegram:2 staff', userId: 'nobody' });
    expect(replies[0]!.text).toContain('管理员权限');
  });

  it('lets an admin grant a role from chat', async () => {
    await t.app.deps.roles.set('web:boss', 'admin');
    const replies = await t.chat({ text: '/role telegram:5 officer', userId: 'boss' });
    expect(replies[0]!.text).toContain('工会干部');
    expect(await t.app.deps.roles.get('telegram:5')).toBe('officer');
    expect((await t.chat({ text: '/role telegram:5 king', userId: 'boss' }))[0]!.text).toContain('用法');
  });
});

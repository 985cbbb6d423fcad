import { describe, expect, it } from 'vitest';
import { wecomFailure } from '../../src/channels/wecom/errors.js';
import { pushBodies, replyMarkdown, splitBytes } from '../../src/channels/wecom/format.js';
import { parseCardPress, parseMessage, stripMention } from '../../src/channels/wecom/parse.js';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { wecomFixture } from './fake-wecom.js';

const base = { WECOM_BOT_ID: 'aibXXXX', WECOM_BOT_SECRET: 's' };
const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
};

describe('wecom configuration', () => {
  it('defaults to the long connection at openws.work.weixin.qq.com', () => {
    const c = loadConfig(base);
    expect(c.WECOM_MODE).toBe('ws');
    expect(c.WECOM_WS_URL).toBe('wss://openws.work.weixin.qq.com');
  });
  it('webhook mode needs the token and a 43-character EncodingAESKey', () => {
    const p = problems({ ...base, WECOM_MODE: 'webhook' });
    expect(p.some((x) => x.startsWith('WECOM_TOKEN: required'))).toBe(true);
    expect(p.some((x) => x.startsWith('WECOM_ENCODING_AES_KEY: required'))).toBe(true);
    expect(problems({ ...base, WECOM_ENCODING_AES_KEY: 'short' })[0]).toMatch(/^WECOM_ENCODING_AES_KEY: 43/);
    expect(
      problems({ ...base, WECOM_MODE: 'webhook', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: 'a'.repeat(43) }),
    ).toEqual([]);
  });
  it('accepts WeCom identities in ADMINS', () => {
    expect(loadConfig({ ADMINS: 'wecom:zhangsan' }).ADMINS).toEqual(['wecom:zhangsan']);
  });
});

describe('wecom parse (payloads from the 智能机器人 docs)', () => {
  it('a single chat: the user is the chat, always addressed', () => {
    const p = parseMessage(wecomFixture('text_single'));
    expect(p?.inc).toMatchObject({ channel: 'wecom', chatId: 'zhangsan', userId: 'zhangsan', text: '/help', isGroup: false, mentioned: true });
  });
  it('a group: addressed only by an @-mention, which is stripped', () => {
    expect(parseMessage(wecomFixture('text_group_mention'))?.inc).toMatchObject({
      chatId: 'wrkSFfCgAAtMQKg4xoDKLhGpB5XqbMZA',
      text: '/help',
      isGroup: true,
      mentioned: true,
    });
    expect(parseMessage(wecomFixture('text_group_plain'))?.inc).toMatchObject({ mentioned: false, text: '大家下午好' });
    expect(parseMessage(wecomFixture('mixed_group'))?.inc).toMatchObject({ mentioned: true, text: '这是今日的测试情况' });
  });
  it('with the bot name known, only @name counts; other mentions stay', () => {
    expect(stripMention('@张三\u2005@RobotA 请问', 'RobotA')).toEqual({ text: '@张三 请问', mentioned: true });
    expect(stripMention('@张三 请问', 'RobotA')).toEqual({ text: '@张三 请问', mentioned: false });
  });
  it('images are not answered; a card press is an action', () => {
    expect(parseMessage(wecomFixture('image_single'))).toBeNull();
    expect(parseCardPress(wecomFixture('template_card_event'))).toMatchObject({
      taskId: 'fBmjTL7ErRCQSNA6GZKMlcFiWX1shOvg',
      inc: { chatId: 'CHATID', userId: 'USERID', action: 'button_replace_text', isGroup: true },
    });
    expect(parseCardPress(wecomFixture('enter_chat'))).toBeNull();
  });
});

describe('wecom rendering and errors', () => {
  it('citations as markdown; choices as a button card after the text', () => {
    const reply = {
      text: '每年四月。',
      citations: [{ doc: '两争一树方案(2026-01-05)', locator: '第三条', quote: '演讲比赛于每年四月举行。' }],
      answer: { lang: 'zh' as const },
      choices: [{ label: '有用', value: 'fb:up' }],
    };
    expect(replyMarkdown(reply)).toContain('📄 **出处**：《两争一树方案》第三条\n> 演讲比赛于每年四月举行。');
    const [md, card] = pushBodies([reply], 'zh');
    expect(md).toMatchObject({ msgtype: 'markdown' });
    expect(card).toMatchObject({
      msgtype: 'template_card',
      template_card: { card_type: 'button_interaction', button_list: [{ text: '有用', key: 'fb:up' }] },
    });
  });
  it('splits long text within the byte limit', () => {
    const parts = splitBytes('一二三四五。'.repeat(500), 4000);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => Buffer.byteLength(p) <= 4000)).toBe(true);
    expect(parts.join('')).toBe('一二三四五。'.repeat(500));
  });
  it('errcodes: 45009 waits, 93008 is gone, unknown is retried, a bad request is given up', () => {
    expect(wecomFailure({ errcode: 45009, errmsg: 'api freq out of limit' })).toEqual({ kind: 'rate_limited', retryAfterMs: 3000 });
    expect(wecomFailure({ errcode: 93008, errmsg: 'not in the chat' })).toEqual({ kind: 'gone' });
    expect(wecomFailure({ errcode: 12345, errmsg: 'bot is not in the group' })).toEqual({ kind: 'gone' });
    expect(wecomFailure(new Error('Reply ack timeout (5000ms)'))).toEqual({ kind: 'transient' });
    expect(wecomFailure({ errcode: 40058, errmsg: 'invalid request param' })).toEqual({ kind: 'permanent' });
  });
});

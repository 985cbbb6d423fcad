import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DingTalkApiError, dingtalkFailure } from '../../src/channels/dingtalk/errors.js';
import { md, offersNumbers, renderReply, splitText } from '../../src/channels/dingtalk/format.js';
import {
  choiceNumber,
  parseRobotMessage,
  privateChatId,
  stripMentions,
  targetOf,
} from '../../src/channels/dingtalk/parse.js';
import { dingtalkSign } from '../../src/channels/dingtalk/webhook.js';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { fixture } from './fixtures.js';

describe('dingtalk parse', () => {
  it('a private text: the chat is the sender (by staff id), always addressed', () => {
    const p = parseRobotMessage(fixture('dingtalk', 'private_text'))!;
    expect(p.msgId).toBe('msgdHq8SOHlJcGqGmpHzP9vhQ==');
    expect(p.inc).toMatchObject({
      channel: 'dingtalk',
      chatId: 'u.manager4220',
      userId: 'manager4220',
      userName: '杨晓',
      text: '/help',
      isGroup: false,
      mentioned: true,
    });
  });

  it('a group @-message: the chat is the conversation, mentioned, the leading space and @-runs gone', () => {
    const p = parseRobotMessage(fixture('dingtalk', 'group_mention'))!;
    expect(p.inc).toMatchObject({
      chatId: 'cid6KeBBLoveMJOGXoYKF5x7EeiodoA==',
      text: '/whoami',
      isGroup: true,
      mentioned: true,
    });
    // chatbotUserId among atUsers counts as a mention even without isInAtList.
    const atOnly = parseRobotMessage(fixture('dingtalk', 'group_mention', { isInAtList: undefined }))!;
    expect(atOnly.inc.mentioned).toBe(true);
  });

  it('a group message not @-ing the bot is not addressed', () => {
    const p = parseRobotMessage(fixture('dingtalk', 'group_plain'))!;
    expect(p.inc).toMatchObject({ isGroup: true, mentioned: false, text: '加班费怎么算？', userId: 'user0731' });
  });

  it('richText keeps its text runs; pictures, files and senders without a staff id are not answered', () => {
    const p = parseRobotMessage(fixture('dingtalk', 'group_rich_text'))!;
    expect(p.inc.text).toBe('这张通知里的加班规定对吗');
    expect(parseRobotMessage(fixture('dingtalk', 'private_text', { msgtype: 'picture', text: undefined }))).toBeNull();
    expect(parseRobotMessage(fixture('dingtalk', 'private_text', { senderStaffId: undefined }))).toBeNull();
    const audio = parseRobotMessage(
      fixture('dingtalk', 'private_text', { msgtype: 'audio', content: { recognition: '加班费怎么算' } }),
    );
    expect(audio?.inc.text).toBe('加班费怎么算');
  });

  it('strips leading mentions only', () => {
    expect(stripMentions(' @工会助手  @张三 请假怎么算')).toBe('请假怎么算');
    expect(stripMentions('问一下 @张三 的事')).toBe('问一下 @张三 的事');
  });

  it('chat ids round-trip to send targets', () => {
    expect(targetOf(privateChatId('manager4220'))).toEqual({ kind: 'user', staffId: 'manager4220' });
    expect(targetOf('cid6KeBBLoveMJOGXoYKF5x7EeiodoA==')).toEqual({
      kind: 'group',
      openConversationId: 'cid6KeBBLoveMJOGXoYKF5x7EeiodoA==',
    });
  });

  it('bare numbers (half or full width) answer numbered choices; anything else does not', () => {
    expect(choiceNumber(' 2 ')).toBe(2);
    expect(choiceNumber('３')).toBe(3);
    expect(choiceNumber('0')).toBeNull();
    expect(choiceNumber('2个')).toBeNull();
    expect(choiceNumber(undefined)).toBeNull();
  });
});

describe('dingtalk sign', () => {
  it('is base64(HMAC-SHA256(key=appSecret, timestamp + "\\n" + appSecret))', () => {
    const ts = '1577262236757';
    const expected = createHmac('sha256', 'secret').update(`${ts}\nsecret`).digest('base64');
    expect(dingtalkSign(ts, 'secret')).toBe(expected);
    expect(dingtalkSign(ts, 'other')).not.toBe(expected);
  });
});

describe('dingtalk format', () => {
  it('plain text as sampleText; citations and choices as sampleMarkdown with a title', () => {
    expect(renderReply({ text: '你好' })).toEqual([
      { msgKey: 'sampleText', msgParam: JSON.stringify({ content: '你好' }) },
    ]);
    const [m] = renderReply({
      text: '每月加班不超过三十六小时。',
      citations: [{ doc: '劳动法', locator: '第四十一条', quote: '每月不得超过三十六小时。' }],
      choices: [
        { label: '有用', value: 'fb:up:1' },
        { label: '没用', value: 'fb:down:1' },
      ],
    });
    expect(m!.msgKey).toBe('sampleMarkdown');
    const p = JSON.parse(m!.msgParam) as { title: string; text: string };
    expect(p.title).toBe('每月加班不超过三十六小时。');
    expect(p.text).toContain('📄 劳动法 第四十一条');
    expect(p.text).toContain('> 每月不得超过三十六小时。');
    expect(p.text).toContain('【1】有用  \n【2】没用');
    expect(m!.numbered).toEqual(['fb:up:1', 'fb:down:1']);
  });

  it("a number question's 跳过 / 上一步 and the value check are offered as words, not numbers", () => {
    expect(
      offersNumbers([
        { label: '跳过', value: 'form:skip' },
        { label: '上一步', value: 'form:back' },
      ]),
    ).toBe(false);
    expect(
      offersNumbers([
        { label: '是', value: 'form:sure:yes' },
        { label: '否', value: 'form:sure:no' },
      ]),
    ).toBe(false);
    expect(
      offersNumbers([
        { label: '已启动', value: 'form:choice:s:started' },
        { label: '跳过', value: 'form:skip' },
      ]),
    ).toBe(true);
    const [m] = renderReply({ text: '本月新建几个？', choices: [{ label: '跳过', value: 'form:skip' }] });
    expect(m!.numbered).toBeUndefined();
    expect(JSON.parse(m!.msgParam).text).toContain('「跳过」');
  });

  it('escapes markdown in our text and keeps line breaks', () => {
    const zw = '\u200b';
    expect(md('# 标题\n- 一项\n1. 第一\n> 引用\n普通 1. 句中')).toBe(
      `${zw}# 标题  \n${zw}- 一项  \n${zw}1. 第一  \n${zw}> 引用  \n普通 1. 句中`,
    );
  });

  it('splits long text at sentence ends', () => {
    const parts = splitText('一二三。四五六。七八九。', 5);
    expect(parts).toEqual(['一二三。', '四五六。', '七八九。']);
  });
});

describe('dingtalk errors', () => {
  const f = (code: string, status: number, retry?: number) =>
    dingtalkFailure(new DingTalkApiError(code, '', status, retry));
  it('throttling → rate_limited (Retry-After, else by kind); robot out of the group → gone', () => {
    expect(f('Forbidden.AccessDenied.QpsLimitForApi', 403)).toEqual({ kind: 'rate_limited', retryAfterMs: 1000 });
    expect(f('anything', 429, 5000)).toEqual({ kind: 'rate_limited', retryAfterMs: 5000 });
    expect(f('anything', 429)).toEqual({ kind: 'rate_limited', retryAfterMs: 1000 });
    expect(f('flowControlled', 200)).toEqual({ kind: 'rate_limited', retryAfterMs: 60_000 });
    expect(f('130101', 200)).toEqual({ kind: 'rate_limited', retryAfterMs: 600_000 });
    expect(f('invalidParameter.robotCode.notExsit', 400)).toEqual({ kind: 'gone' });
    expect(f('bot.stopped', 400)).toEqual({ kind: 'gone' });
    expect(f('InvalidAuthentication', 401)).toEqual({ kind: 'transient' });
    expect(f('ServiceUnavailable', 503)).toEqual({ kind: 'transient' });
    expect(f('invalidParameter.msgParam.invalid', 400)).toEqual({ kind: 'permanent' });
    expect(dingtalkFailure(new Error('ECONNRESET'))).toEqual({ kind: 'transient' });
  });
});

describe('dingtalk configuration', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return e.problems;
    }
  };
  it('defaults to Stream mode at api.dingtalk.com; the robot code defaults to the client id', () => {
    const c = loadConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's' });
    expect(c.DINGTALK_MODE).toBe('stream');
    expect(c.DINGTALK_API_ROOT).toBe('https://api.dingtalk.com');
    expect(c.DINGTALK_ROBOT_CODE).toBeUndefined();
  });
  it('needs both id and secret, a known mode and a URL root; accepts DingTalk identities in ADMINS', () => {
    expect(problems({ DINGTALK_CLIENT_ID: 'dingabc' })[0]).toMatch(/^DINGTALK_CLIENT_SECRET/);
    expect(problems({ DINGTALK_MODE: 'http' })[0]).toMatch(/^DINGTALK_MODE/);
    expect(problems({ DINGTALK_API_ROOT: 'not a url' })[0]).toMatch(/^DINGTALK_API_ROOT/);
    expect(loadConfig({ ADMINS: 'dingtalk:manager4220' }).ADMINS).toEqual(['dingtalk:manager4220']);
  });
});

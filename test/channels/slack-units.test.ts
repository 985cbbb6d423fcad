import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, renderMessage, sections } from '../../src/channels/slack/blocks.js';
import { slackFailure, toSlackError } from '../../src/channels/slack/errors.js';
import { fromBlockAction, fromCommand, fromMention, fromMessage, plainText } from '../../src/channels/slack/parse.js';
import { ChannelError } from '../../src/errors.js';
import { fixture } from './fixtures.js';
import { OVERTIME } from '../core/answer-fixtures.js';

type Rec = Record<string, unknown>;
const errorCode = webApi.ErrorCode;
const platform = (error: string) =>
  Object.assign(new Error(`An API error occurred: ${error}`), {
    code: errorCode.PlatformError,
    data: { ok: false, error },
  });

describe('slackFailure', () => {
  it('rate limits wait Retry-After', () => {
    expect(
      slackFailure(Object.assign(new Error('rate limited'), { code: errorCode.RateLimitedError, retryAfter: 30 })),
    ).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 30_000,
    });
    expect(slackFailure({ code: errorCode.HTTPError, statusCode: 429, headers: { 'retry-after': '12' } })).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 12_000,
    });
    expect(slackFailure(platform('ratelimited'))).toEqual({ kind: 'rate_limited', retryAfterMs: 1000 });
  });
  it('unreachable conversations are gone', () => {
    for (const e of ['channel_not_found', 'is_archived', 'not_in_channel', 'account_inactive', 'user_not_found']) {
      expect(slackFailure(platform(e))).toEqual({ kind: 'gone' });
    }
  });
  it("Slack's own trouble, 5xx and network errors are transient", () => {
    expect(slackFailure(platform('internal_error'))).toEqual({ kind: 'transient' });
    expect(slackFailure({ code: errorCode.HTTPError, statusCode: 503, headers: {} })).toEqual({ kind: 'transient' });
    expect(slackFailure({ code: errorCode.RequestError, original: new Error('ECONNRESET') })).toEqual({
      kind: 'transient',
    });
  });
  it('everything else is permanent', () => {
    expect(slackFailure(platform('invalid_blocks'))).toEqual({ kind: 'permanent' });
    expect(slackFailure(platform('invalid_auth'))).toEqual({ kind: 'permanent' });
    expect(slackFailure({ code: errorCode.HTTPError, statusCode: 400, headers: {} })).toEqual({ kind: 'permanent' });
  });
  it('toSlackError names the Slack error code and keeps the cause', () => {
    const cause = platform('is_archived');
    const e = toSlackError(cause, 'chat.postMessage');
    expect(e).toBeInstanceOf(ChannelError);
    expect(e.message).toBe('[slack] chat.postMessage: is_archived');
    expect(e.code).toBe('channel_gone');
    expect(e.cause).toBe(cause);
  });
});

describe('Block Kit rendering', () => {
  it('escapes mrkdwn control characters', () => {
    expect(escapeMrkdwn('<@U1> & <!channel>')).toBe('&lt;@U1&gt; &amp; &lt;!channel&gt;');
    const m = renderMessage({ text: '<!here> 请注意' });
    expect(JSON.stringify(m.blocks)).not.toContain('<!here>');
  });
  it('splits text over 3,000 characters into sections at sentence ends', () => {
    const text = '职工书屋要常开常新。'.repeat(700);
    const parts = sections(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(escapeMrkdwn(p).length).toBeLessThanOrEqual(3000);
      expect(p.endsWith('。')).toBe(true);
    }
    expect(parts.join('')).toBe(text);
  });
  it('renders citations as context blocks and choices as buttons', () => {
    const m = renderMessage({
      text: '答：职工教育经费按工资总额的1.5%提取。',
      citations: [{ doc: '无锡市两争一树活动意见(2006)', locator: '四、(三)', quote: '不低于工资总额的1.5%' }],
      choices: [{ label: '是', value: 'form:yes' }],
    });
    expect(m.blocks.map((b) => b['type'])).toEqual(['section', 'context', 'actions']);
    expect(JSON.stringify(m.blocks[1])).toContain('📄 *无锡市两争一树活动意见(2006)* · 四、(三)');
    expect((m.blocks[2]!['elements'] as Rec[])[0]).toMatchObject({
      type: 'button',
      value: 'form:yes',
      action_id: 'ud_choice_0',
    });
  });
});

describe('Slack: a Q&A answer', () => {
  it('leads with the rule, then the source with its article quoted once in a context block, then 相关条文', () => {
    const m = renderMessage({ ...OVERTIME, choices: [{ label: '👍 有用', value: 'fb:u:x' }] });
    expect(m.blocks.map((b) => b['type'])).toEqual(['section', 'context', 'context', 'actions']);
    expect(JSON.stringify(m.blocks[0])).toContain('加班费按工资的150%');
    const source = (m.blocks[1]!['elements'] as Rec[])[0]!['text'] as string;
    expect(source.startsWith('📄 出处：*《劳动法》第四十四条*\n>有下列情形之一的')).toBe(true);
    expect(source.split('百分之三百').length - 1).toBe(1);
    expect(JSON.stringify(m.blocks[2])).toContain('*相关条文*：《劳动法》第四十一条');
    expect(JSON.stringify(m.blocks)).not.toContain('第九十一条');
  });

  it('labels a curated English answer and keeps a long quote within the context limit', () => {
    const m = renderMessage({
      ...OVERTIME,
      citations: [{ doc: '长文', locator: '第一条', quote: '很长的条文<&>。'.repeat(600) }],
      answer: { lang: 'en', confirmed: true },
    });
    expect(JSON.stringify(m.blocks[0])).toContain('✅ *Confirmed by the union office*');
    const source = (m.blocks[2]!['elements'] as Rec[])[0]!['text'] as string;
    expect(source.startsWith('📄 Source：*《长文》第一条 (Article 1)*')).toBe(true);
    expect(source.length).toBeLessThanOrEqual(3000);
    expect(source.endsWith('…')).toBe(true);
  });
});

describe('Slack payload parsing (recorded fixtures)', () => {
  it('app_mention: mention removed, the thread is the conversation', () => {
    const p = fromMention((fixture('slack', 'event_app_mention') as { event: Rec }).event, 'U07UDBOT01')!;
    expect(p.inc).toMatchObject({
      channel: 'slack',
      chatId: 'C0LAN2Q65',
      userId: 'U061F7AUR',
      text: '/whoami',
      isGroup: true,
      threadId: '1763952101.000200',
    });
    expect(p.replyThreadTs).toBe('1763952101.000200');
  });
  it('DM: one conversation per DM, the answer in the message thread', () => {
    const p = fromMessage((fixture('slack', 'event_dm_message') as { event: Rec }).event, 'U07UDBOT01')!;
    expect(p.inc).toMatchObject({ chatId: 'D0PNCRP9N', isGroup: false, mentioned: true, text: '/help' });
    expect(p.inc.threadId).toBeUndefined();
    expect(p.replyThreadTs).toBe('1763952160.000300');
  });
  it('edits and bot messages are not messages to answer; channel chatter is unaddressed', () => {
    expect(fromMessage((fixture('slack', 'event_message_changed') as { event: Rec }).event, 'U07UDBOT01')).toBeNull();
    const chatter = fromMessage((fixture('slack', 'event_channel_chatter') as { event: Rec }).event, 'U07UDBOT01')!;
    expect(chatter.inc.mentioned).toBe(false);
  });
  it('slash commands, including the /ud catch-all', () => {
    expect(fromCommand(fixture('slack', 'slash_command_whoami'))!.inc.text).toBe('/whoami');
    const ud = (text: string) =>
      fromCommand(fixture('slack', 'slash_command_whoami', { command: '/ud', text }))!.inc.text;
    expect(ud('report 本月')).toBe('/report 本月');
    expect(ud('加班费怎么算')).toBe('加班费怎么算');
    expect(ud('')).toBe('/help');
  });
  it('a button press carries its value and thread', () => {
    const p = fromBlockAction(fixture('slack', 'block_actions'))!;
    expect(p.inc).toMatchObject({ action: 'nosuch:kind:reading', chatId: 'D0PNCRP9N', userId: 'U061F7AUR' });
    expect(p.replyThreadTs).toBe('1763952160.000300');
  });
  it('links and entities are shown as typed', () => {
    expect(plainText('<@U07UDBOT01> 见 <https://example.org|通知> &amp; 附件', 'U07UDBOT01')).toBe('见 通知 & 附件');
  });
});

import { describe, expect, it } from 'vitest';
import { escapeHtml, keyboardRows, renderReply, splitText } from '../../src/channels/telegram/format.js';
import { parseUpdate } from '../../src/channels/telegram/parse.js';
import type { Update } from 'telegraf/types';
import { fixture } from './fixtures.js';
import { OVERTIME } from '../core/answer-fixtures.js';

const bot = { id: 7000001, username: 'union_desk_bot' };
const unHtml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('telegram formatting', () => {
  it('escapes &, < and > for HTML parse mode', () => {
    expect(escapeHtml('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    const [m] = renderReply({ text: '<b>不是标签</b> & 符号' });
    expect(m!.html).toBe('&lt;b&gt;不是标签&lt;/b&gt; &amp; 符号');
  });

  it('splits long text at sentence ends, every piece within 4,096 characters after escaping', () => {
    const sentence = '开展“两争一树”活动，全面提高职工队伍素质<&>。';
    const text = sentence.repeat(400);
    const pieces = splitText(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(escapeHtml(p).length).toBeLessThanOrEqual(4096);
      expect(p.endsWith('。')).toBe(true);
    }
    expect(pieces.join('')).toBe(text);
    const msgs = renderReply({ text });
    expect(msgs.map((m) => unHtml(m.html)).join('')).toBe(text);
  });

  it('cuts hard only when a piece has no sentence end at all', () => {
    const pieces = splitText('字'.repeat(5000));
    expect(pieces.map((p) => p.length)).toEqual([4096, 904]);
  });

  it('puts citations after the text and buttons on the last message', () => {
    const msgs = renderReply({
      text: '职工书屋建设见意见第三部分。',
      citations: [{ doc: '无锡市两争一树活动意见(2006)', locator: '三、(二)', quote: '建立职工书屋 <图书角>' }],
      choices: [
        { label: '是', value: 'form:r:yes' },
        { label: '否', value: 'form:r:no' },
      ],
    });
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.html).toContain('📄 <b>无锡市两争一树活动意见(2006)</b> 三、(二)');
    expect(msgs[0]!.html).toContain('<blockquote>建立职工书屋 &lt;图书角&gt;</blockquote>');
    expect(msgs[0]!.choices).toHaveLength(2);
  });

  it('lays out short labels two per row and long ones alone', () => {
    const short = keyboardRows(
      [1, 2, 3].map((i) => ({ label: `选项${i}`, value: `v:${i}` })),
      (c) => c.value,
    );
    expect(short.map((r) => r.length)).toEqual([2, 1]);
    const long = keyboardRows(
      [
        { label: '争创学习型组织先进单位申报', value: 'a:1' },
        { label: '否', value: 'a:2' },
      ],
      (c) => c.value,
    );
    expect(long.map((r) => r.length)).toEqual([1, 1]);
  });
});

describe('telegram update parsing (recorded fixtures)', () => {
  it('a private message is addressed and not a group', () => {
    const p = parseUpdate(fixture<Update>('telegram', 'private_text'), bot)!;
    expect(p.inc).toMatchObject({
      channel: 'telegram',
      chatId: '5213370021',
      userId: '5213370021',
      text: '/help',
      isGroup: false,
      mentioned: true,
    });
    expect(p.replyTo).toBeUndefined();
  });
  it('a group @mention is addressed, the mention removed, and answered as a reply', () => {
    const p = parseUpdate(fixture<Update>('telegram', 'group_mention'), bot)!;
    expect(p.inc).toMatchObject({ chatId: '-1001873366412', text: '/whoami', isGroup: true, mentioned: true });
    expect(p.replyTo).toBe(9031);
  });
  it('plain group chatter is passed on unaddressed', () => {
    const p = parseUpdate(fixture<Update>('telegram', 'group_plain'), bot)!;
    expect(p.inc.mentioned).toBe(false);
  });
  it('a reply to the bot counts as addressed', () => {
    expect(parseUpdate(fixture<Update>('telegram', 'group_reply_to_bot'), bot)!.inc.mentioned).toBe(true);
  });
  it("another bot's command is ignored; edits are ignored", () => {
    expect(parseUpdate(fixture<Update>('telegram', 'group_command_other_bot'), bot)).toBeNull();
    expect(parseUpdate(fixture<Update>('telegram', 'edited_message'), bot)).toBeNull();
  });
  it('a forum topic message keeps its thread', () => {
    const p = parseUpdate(fixture<Update>('telegram', 'forum_topic_command'), bot)!;
    expect(p.inc).toMatchObject({ threadId: '305', text: '/help', mentioned: true });
  });
  it('a button press becomes an action', () => {
    const p = parseUpdate(fixture<Update>('telegram', 'callback_query'), bot)!;
    expect(p.inc).toMatchObject({ action: 'nosuch:kind:reading', chatId: '5213370021', mentioned: true });
    expect(p.callbackQueryId).toBe('4382bfdwdsb323b2d9');
    expect(p.buttonsMessageId).toBe(1001);
  });
});

describe('telegram: a Q&A answer', () => {
  const count = (s: string, part: string) => s.split(part).length - 1;

  it('leads with the rule, cites the article in bold and quotes it once, collapsed', () => {
    const [m, ...more] = renderReply({ ...OVERTIME, choices: [{ label: '👍 有用', value: 'fb:u:x' }] });
    expect(more).toHaveLength(0);
    const html = m!.html;
    expect(html.startsWith('加班费按工资的150%')).toBe(true);
    expect(html).toContain('📄 出处：<b>《劳动法》第四十四条</b>');
    expect(count(html, '<blockquote expandable>')).toBe(1);
    expect(count(html, '百分之三百')).toBe(1);
    expect(html).toContain('<b>相关条文</b>\n• 《劳动法》第四十一条');
    expect(html).not.toContain('第九十一条');
    expect(m!.choices).toHaveLength(1);
  });

  it('labels an English or a curated answer, and stays within 4,096 characters with a long article', () => {
    const [en] = renderReply({ ...OVERTIME, answer: { lang: 'en', confirmed: true } });
    expect(en!.html.startsWith('✅ <b>Confirmed by the union office</b>\n')).toBe(true);
    expect(en!.html).toContain('📄 Source：<b>《劳动法》第四十四条 (Article 44)</b>');
    const long = renderReply({
      ...OVERTIME,
      text: '规则。'.repeat(1000),
      citations: [{ doc: '长文', locator: '第一条', quote: '很长的条文<&>。'.repeat(600) }],
    });
    expect(long.length).toBe(2);
    for (const m of long) expect(m.html.length).toBeLessThanOrEqual(4096);
    expect(long[1]!.html).toMatch(/^📄 出处：<b>《长文》第一条<\/b>\n<blockquote expandable>很长的条文&lt;&amp;&gt;。/);
    expect(long[1]!.html.endsWith('…</blockquote>')).toBe(true);
  });
});

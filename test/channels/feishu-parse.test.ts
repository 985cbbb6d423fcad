import { describe, expect, it } from 'vitest';
import { feishuFailure } from '../../src/channels/feishu/errors.js';
import { renderReply, splitText } from '../../src/channels/feishu/format.js';
import { type FeishuEvent, parseCardAction, parseMessage } from '../../src/channels/feishu/parse.js';
import { BOT_OPEN_ID } from './fake-feishu.js';
import { fixture } from './fixtures.js';

/** A fixture flattened the way the SDK's EventDispatcher hands it to a handler. */
function flat(name: string, patch: (e: Record<string, unknown>) => void = () => {}): FeishuEvent {
  const f = fixture('feishu', name);
  const event = structuredClone(f['event']) as Record<string, unknown>;
  patch(event);
  return { ...(f['header'] as Record<string, unknown>), ...event };
}

describe('feishu parse', () => {
  it('a private text is addressed, without thread', () => {
    const p = parseMessage(flat('p2p_text'), BOT_OPEN_ID)!;
    expect(p.inc).toMatchObject({ channel: 'feishu', isGroup: false, mentioned: true, text: '/help' });
    expect(p.inc.threadId).toBeUndefined();
    expect(p.replyTo).toBeUndefined();
  });

  it('a group @-mention of the bot: mention stripped, the message its thread', () => {
    const p = parseMessage(flat('group_mention'), BOT_OPEN_ID)!;
    expect(p.inc).toMatchObject({ isGroup: true, mentioned: true, text: '/whoami' });
    expect(p.inc.threadId).toBe('om_dc13264520392913993dd051dba21dcf');
    expect(p.replyTo).toBe('om_dc13264520392913993dd051dba21dcf');
  });

  it('a reply inside a thread continues that thread (root_id), unaddressed', () => {
    const p = parseMessage(
      flat('group_plain', (e) => {
        (e['message'] as Record<string, unknown>)['root_id'] = 'om_root';
      }),
      BOT_OPEN_ID,
    )!;
    expect(p.inc).toMatchObject({ mentioned: false, threadId: 'om_root', text: '@张三 今天几点开会？' });
  });

  it('an unknown bot identity recognises no group mention; other senders and images are ignored', () => {
    expect(parseMessage(flat('group_mention'), null)!.inc.mentioned).toBe(false);
    expect(
      parseMessage(
        flat('p2p_text', (e) => ((e['sender'] as Record<string, unknown>)['sender_type'] = 'app')),
        BOT_OPEN_ID,
      ),
    ).toBeNull();
    const image = flat('p2p_text', (e) => {
      const m = e['message'] as Record<string, unknown>;
      m['message_type'] = 'image';
      m['content'] = '{"image_key":"img_v2_1"}';
    });
    expect(parseMessage(image, BOT_OPEN_ID)).toBeNull();
  });

  it('reads rich text (post) paragraphs', () => {
    const post = flat('p2p_text', (e) => {
      const m = e['message'] as Record<string, unknown>;
      m['message_type'] = 'post';
      m['content'] = JSON.stringify({
        title: '加班费',
        content: [[{ tag: 'text', text: '周末加班' }], [{ tag: 'text', text: '怎么算？' }]],
      });
    });
    expect(parseMessage(post, BOT_OPEN_ID)!.inc.text).toBe('加班费\n周末加班\n怎么算？');
  });

  it('a card press carries the choice and the thread', () => {
    const p = parseCardAction(
      flat('card_action', (e) => {
        (e['action'] as Record<string, unknown>)['value'] = { ud: 'form:start', ud_t: 'om_root' };
      }),
    )!;
    expect(p.inc).toMatchObject({
      action: 'form:start',
      threadId: 'om_root',
      isGroup: true,
      userId: 'ou_84aad35d084aa403a838cf73ee18467',
    });
    expect(
      parseCardAction(flat('card_action', (e) => ((e['action'] as Record<string, unknown>)['value'] = {}))),
    ).toBeNull();
  });
});

describe('feishu format and errors', () => {
  it('plain replies go as text, citations and choices as a card; long text is split', () => {
    const to = { channel: 'feishu' as const, chatId: 'oc_1' };
    expect(renderReply({ text: '你好' }, to)).toEqual([{ msg_type: 'text', content: '{"text":"你好"}' }]);
    const cited = renderReply(
      { text: '依法支付加班费。', citations: [{ doc: '劳动法', locator: '第四十四条', quote: '…' }] },
      to,
    );
    expect(cited[0]!.msg_type).toBe('interactive');
    expect(cited[0]!.content).toContain('第四十四条');
    const long = splitText('很长的句子。'.repeat(3000));
    expect(long.length).toBeGreaterThan(1);
    expect(long.every((p) => Array.from(p).length <= 8000 && p.endsWith('。'))).toBe(true);
  });

  it('failures: rate limit, gone, transient, permanent', () => {
    const axiosLike = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
      response: { status, data, headers },
    });
    expect(feishuFailure(axiosLike(429, { code: 99991400 }))).toEqual({ kind: 'rate_limited', retryAfterMs: 1000 });
    expect(feishuFailure(axiosLike(400, { code: 230020, msg: 'frequency' }))).toMatchObject({ kind: 'rate_limited' });
    expect(feishuFailure(axiosLike(400, { code: 230002 }))).toEqual({ kind: 'gone' });
    expect(feishuFailure(axiosLike(503, {}))).toEqual({ kind: 'transient' });
    expect(feishuFailure(axiosLike(400, { code: 230001, msg: 'invalid param' }))).toEqual({ kind: 'permanent' });
    expect(feishuFailure(new Error('socket hang up'))).toEqual({ kind: 'transient' });
  });
});

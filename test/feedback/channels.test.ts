import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, signSlack } from '../channels/fake-slack.js';
import type { FakeTelegram } from '../channels/fake-telegram.js';
import { fixture, nextUpdateId } from '../channels/fixtures.js';
import { closeBothPlatforms, startWithBothPlatforms } from '../channels/start.js';
import { type TestApp, handledCount, waitHandled } from '../helpers/app.js';

/** 有用 / 没用 on Telegram (inline keyboard, callback_data ≤ 64 bytes) and Slack (one actions block), through the fakes. */
const SLACK_SECRET = 'fb-signing-secret';
const TG_SECRET = 'fb-tg-secret';
let slack: FakeSlack;
let tg: FakeTelegram;
let t: TestApp;
let seq = 0;
type Rec = Record<string, unknown>;

beforeAll(async () => {
  ({ slack, tg, t } = await startWithBothPlatforms({
    slackToken: 'xoxb-fb',
    slackSecret: SLACK_SECRET,
    tgSecret: TG_SECRET,
  }));
});
afterAll(async () => {
  await closeBothPlatforms({ t, slack, tg });
});

const fb = () => t.app.services.feedback;

async function telegram(update: Rec): Promise<Rec[]> {
  const before = tg.sent('sendMessage').length;
  const handled = await handledCount(t.app, 'telegram');
  const res = await fetch(`${t.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
    body: JSON.stringify(update),
  });
  expect(res.status).toBe(200);
  await waitHandled(t.app, 'telegram', handled, { timeoutMs: 15_000 });
  const after = tg.sent('sendMessage').length;
  return tg
    .sent('sendMessage')
    .slice(before, after)
    .map((c) => c.body);
}

async function slackPost(body: string, type: string): Promise<Rec[]> {
  const before = slack.sent('chat.postMessage').length;
  const handled = await handledCount(t.app, 'slack');
  const res = await fetch(`${t.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': type, ...signSlack(SLACK_SECRET, body) },
    body,
  });
  expect(res.status).toBe(200);
  await waitHandled(t.app, 'slack', handled, { timeoutMs: 15_000 });
  const after = slack.sent('chat.postMessage').length;
  return slack
    .sent('chat.postMessage')
    .slice(before, after)
    .map((c) => c.body);
}

describe('feedback buttons on the platforms', () => {
  it('Telegram: one row of two buttons on the answer, callback_data within 64 bytes; 没用 is recorded', async () => {
    const u = fixture<{ message: Rec }>('telegram', 'private_text', { update_id: nextUpdateId() });
    const [answer] = await telegram({ ...u, message: { ...u.message, text: '演讲比赛是几月份', entities: [] } });
    const rows = (answer!['reply_markup'] as { inline_keyboard: { text: string; callback_data: string }[][] })
      .inline_keyboard;
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([['👍 有用', '👎 没用']]);
    for (const b of rows.flat()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    expect(String(answer!['text'])).toMatch(/📄 出处：<b>《[^<]+》[^<]+<\/b>/);
    const down = rows[0]![1]!.callback_data;
    const cb = fixture<{ callback_query: Rec }>('telegram', 'callback_query', { update_id: nextUpdateId() });
    const [thanks] = await telegram({
      ...cb,
      callback_query: { ...cb.callback_query, id: `cb${nextUpdateId()}`, data: down },
    });
    expect(String(thanks!['text'])).toContain('哪里不对');
    const votes = await fb().store.votes(down.slice('fb:d:'.length));
    expect(Object.values(votes)).toEqual([expect.objectContaining({ vote: 'down', channel: 'telegram' })]);
    expect(Object.keys(votes)[0]).toMatch(/^[0-9a-f]{16}$/);
  });

  it('Slack: the answer ends with one actions block of two buttons; pressing 有用 records it', async () => {
    const u = fixture<{ event: Rec }>('slack', 'event_dm_message', { event_id: `EvF${++seq}x${Date.now()}` });
    const ts = `1763954${String(seq).padStart(3, '0')}.000100`;
    const [answer] = await slackPost(
      JSON.stringify({
        ...u,
        event: { ...u.event, text: '演讲比赛是几月份', ts, event_ts: ts, client_msg_id: `f${seq}` },
      }),
      'application/json',
    );
    const blocks = answer!['blocks'] as Rec[];
    const actions = blocks.filter((b) => b['type'] === 'actions');
    expect(actions).toHaveLength(1);
    const buttons = (actions[0]!['elements'] as Rec[]).map((e) => ({
      label: (e['text'] as Rec)['text'],
      value: String(e['value']),
    }));
    expect(buttons.map((b) => b.label)).toEqual(['👍 有用', '👎 没用']);
    expect(blocks.at(-1)!['type']).toBe('actions');
    const p = fixture<Rec & { actions: Rec[] }>('slack', 'block_actions');
    const payload = {
      ...p,
      actions: [{ ...p.actions[0], value: buttons[0]!.value, text: { type: 'plain_text', text: '👍 有用' } }],
    };
    const [thanks] = await slackPost(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(String(thanks!['text'])).toContain('谢谢');
    const votes = await fb().store.votes(buttons[0]!.value.slice('fb:u:'.length));
    expect(Object.values(votes)).toEqual([expect.objectContaining({ vote: 'up', channel: 'slack' })]);
  });
});

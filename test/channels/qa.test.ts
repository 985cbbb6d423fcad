import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, handledCount, waitHandled } from '../helpers/app.js';
import { type FakeSlack, signSlack } from './fake-slack.js';
import type { FakeTelegram } from './fake-telegram.js';
import { fixture, nextUpdateId } from './fixtures.js';
import { closeBothPlatforms, startWithBothPlatforms } from './start.js';

const SLACK_SECRET = 'qa-signing-secret';
const TG_SECRET = 'qa-tg-secret';
const QUESTION = '演讲比赛是几月份？';
let slack: FakeSlack;
let tg: FakeTelegram;
let t: TestApp;
let dataDir: string;

type Rec = Record<string, unknown>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ud-channels-qa-'));
  ({ slack, tg, t } = await startWithBothPlatforms({
    slackToken: 'xoxb-qa',
    slackSecret: SLACK_SECRET,
    tgSecret: TG_SECRET,
    env: { DATA_DIR: dataDir },
  }));
});
afterAll(async () => {
  await closeBothPlatforms({ t, slack, tg });
  await rm(dataDir, { recursive: true, force: true });
});

describe('a question with citations', () => {
  it('on Slack: an @mention is answered in its thread with the sources in context blocks', async () => {
    const before = slack.sent('chat.postMessage').length;
    const handled = await handledCount(t.app, 'slack');
    const u = fixture<{ event: Rec }>('slack', 'event_app_mention', { event_id: `EvQ${Date.now()}` });
    const body = JSON.stringify({ ...u, event: { ...u.event, text: `<@U07UDBOT01> ${QUESTION}` } });
    const res = await fetch(`${t.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSlack(SLACK_SECRET, body) },
      body,
    });
    expect(res.status).toBe(200);
    await waitHandled(t.app, 'slack', handled, { timeoutMs: 15_000 });
    const after = slack.sent('chat.postMessage').length;
    const msg = slack.sent('chat.postMessage').slice(before, after).at(-1)!;
    expect(msg.body['thread_ts']).toBe('1763952101.000200');
    const blocks = msg.body['blocks'] as Rec[];
    const context = blocks.filter((b) => b['type'] === 'context');
    expect(context.length).toBeGreaterThan(0);
    expect(JSON.stringify(context)).toContain('📄');
    expect(JSON.stringify(context)).toContain('两争一树');
    expect(String(msg.body['text'])).toMatch(/月/);
  });

  it('on Telegram: a group mention is answered as a reply, sources in bold with quotes, HTML-safe', async () => {
    const before = tg.sent('sendMessage').length;
    const handled = await handledCount(t.app, 'telegram');
    const u = fixture<{ message: Rec }>('telegram', 'group_mention', { update_id: nextUpdateId() });
    const text = `@union_desk_bot ${QUESTION}`;
    const res = await fetch(`${t.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
      body: JSON.stringify({
        ...u,
        message: { ...u.message, text, entities: [{ offset: 0, length: 15, type: 'mention' }] },
      }),
    });
    expect(res.status).toBe(200);
    await waitHandled(t.app, 'telegram', handled, { timeoutMs: 15_000 });
    const after = tg.sent('sendMessage').length;
    const msg = tg.sent('sendMessage').slice(before, after).at(-1)!;
    expect(msg.body['reply_parameters']).toMatchObject({ message_id: 9031 });
    const html = String(msg.body['text']);
    expect(html).toMatch(/📄 出处：<b>《[^<]*两争一树[^<]*》[^<]*<\/b>/);
    // The rule leads; the source follows it.
    expect(html.indexOf('📄')).toBeGreaterThan(0);
    // Only our own tags: everything else is escaped.
    expect(html.replace(/<\/?(b|blockquote)( expandable)?>/g, '')).not.toMatch(/[<>]/);
  });
});

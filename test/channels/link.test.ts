import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, handledCount, waitHandled } from '../helpers/app.js';
import { type FakeSlack, signSlack } from './fake-slack.js';
import type { FakeTelegram } from './fake-telegram.js';
import { fixture, nextUpdateId } from './fixtures.js';
import { closeBothPlatforms, startWithBothPlatforms } from './start.js';

const SLACK_SECRET = 'link-signing-secret';
const TG_SECRET = 'link-tg-secret';
let slack: FakeSlack;
let tg: FakeTelegram;
let t: TestApp;
let seq = 0;

beforeAll(async () => {
  ({ slack, tg, t } = await startWithBothPlatforms({
    slackToken: 'xoxb-link',
    slackSecret: SLACK_SECRET,
    tgSecret: TG_SECRET,
    env: { ADMINS: 'web:boss' },
  }));
  await t.chat({ userId: 'boss', text: '/role slack:U061F7AUR officer' });
});
afterAll(() => closeBothPlatforms({ t, slack, tg }));

async function slackSays(text: string, user = 'U061F7AUR'): Promise<string> {
  const u = fixture<{ event: Record<string, unknown> }>('slack', 'event_dm_message', {
    event_id: `EvL${++seq}${Date.now()}`,
  });
  const body = JSON.stringify({ ...u, event: { ...u.event, text, user, ts: `1763954${seq}.0001` } });
  const before = slack.sent('chat.postMessage').length;
  const handled = await handledCount(t.app, 'slack');
  await fetch(`${t.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signSlack(SLACK_SECRET, body) },
    body,
  });
  await waitHandled(t.app, 'slack', handled, { timeoutMs: 15_000 });
  const after = slack.sent('chat.postMessage').length;
  return slack
    .sent('chat.postMessage')
    .slice(before, after)
    .map((c) => String(c.body['text']))
    .join('\n');
}

async function telegramSays(text: string, from = 6011223344): Promise<string> {
  const u = fixture<{ message: Record<string, unknown> }>('telegram', 'private_text', { update_id: nextUpdateId() });
  const user = { id: from, is_bot: false, first_name: '丽' };
  const update = {
    ...u,
    message: { ...u.message, text, entities: [], from: user, chat: { id: from, type: 'private', first_name: '丽' } },
  };
  const before = tg.sent('sendMessage').length;
  const handled = await handledCount(t.app, 'telegram');
  await fetch(`${t.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
    body: JSON.stringify(update),
  });
  await waitHandled(t.app, 'telegram', handled, { timeoutMs: 15_000 });
  const after = tg.sent('sendMessage').length;
  return tg
    .sent('sendMessage')
    .slice(before, after)
    .map((c) => String(c.body['text']))
    .join('\n');
}

describe('/link: one person on Slack and Telegram', () => {
  it('an officer gets a one-time code on Slack and redeems it on Telegram; role follows the person', async () => {
    const issued = await slackSays('/link');
    const code = /([2-9A-HJ-NP-Z]{8})/.exec(issued)?.[1];
    expect(code, issued).toBeDefined();
    expect(issued).toContain('10 分钟');

    expect(await telegramSays('/whoami')).toContain('telegram:6011223344');
    const pending = await telegramSays(`/link ${code!.toLowerCase()}`);
    expect(pending).toContain('/link 确认');
    // Nothing happens until the issuer confirms on the first platform.
    expect(await telegramSays('/whoami')).toContain('telegram:6011223344');
    const confirmed = await slackSays('/link 确认');
    expect(confirmed).toContain('绑定成功');
    expect(confirmed).toContain('telegram:6011223344');
    const who = await telegramSays('/whoami');
    expect(who).toContain('slack:U061F7AUR');
    expect(who).toContain('工会干部');

    // Single use: a second person cannot reuse it.
    expect(await telegramSays(`/link ${code}`, 6099887766)).toContain('无效或已过期');
  });

  it('says what was expected for a malformed code, and only officers may issue codes', async () => {
    expect(await telegramSays('/link 12', 6099887766)).toContain('8 位');
    expect(await slackSays('/link', 'U0WORKER01')).toContain('只有工会干部');
  });

  it('codes expire after ten minutes', async () => {
    const issued = await slackSays('/link');
    const code = /([2-9A-HJ-NP-Z]{8})/.exec(issued)![1]!;
    const ttl = await t.app.deps.redis.ttl(t.app.deps.keys.identityLink(code));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('codes are issued only in private chats and redeemed only on another platform', async () => {
    await t.chat({ userId: 'boss', text: '/role web:lin officer' });
    const inGroup = await t.chat({ userId: 'lin', chatId: 'g1', isGroup: true, text: '/link' });
    expect(inGroup[0]!.text).toContain('私聊');
    expect(inGroup[0]!.text).not.toMatch(/[2-9A-HJ-NP-Z]{8}/);
    const issued = await t.chat({ userId: 'lin', chatId: 'dm-lin', text: '/link' });
    const code = /([2-9A-HJ-NP-Z]{8})/.exec(issued[0]!.text)![1]!;
    // Another web user (e.g. a member of a group where it was seen) cannot take it over.
    const taken = await t.chat({ userId: 'mallory', chatId: 'dm-m', text: `/link ${code}` });
    expect(taken[0]!.text).toContain('另一个平台');
    expect((await t.chat({ userId: 'mallory', chatId: 'dm-m', text: '/whoami' }))[0]!.text).toContain('web:mallory');
  });

  it('the issuer can refuse a redemption it did not make; then nothing is linked', async () => {
    const issued = await slackSays('/link');
    const code = /([2-9A-HJ-NP-Z]{8})/.exec(issued)![1]!;
    expect(await telegramSays(`/link ${code}`, 6055500011)).toContain('/link 确认');
    expect(await slackSays('/link 取消')).toContain('已取消');
    expect(await telegramSays('/whoami', 6055500011)).toContain('telegram:6055500011');
    expect(await slackSays('/link 确认')).toContain('没有等待');
  });
});

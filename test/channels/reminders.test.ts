import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, fakeClock, handledCount, waitHandled } from '../helpers/app.js';
import { type FakeSlack, signSlack } from './fake-slack.js';
import type { FakeTelegram } from './fake-telegram.js';
import { fixture, nextUpdateId } from './fixtures.js';
import { closeBothPlatforms, startWithBothPlatforms } from './start.js';

const SLACK_SECRET = 'cal-signing-secret';
const TG_SECRET = 'cal-tg-secret';
const GROUP = '-1001873366412';
let slack: FakeSlack;
let tg: FakeTelegram;
let t: TestApp;
let seq = 0;

type Rec = Record<string, unknown>;

beforeAll(async () => {
  // 08:58:59.6 in Shanghai: an event at 09:00 reminded 1 minute before is due in 0.4 s (outside quiet hours).
  ({ slack, tg, t } = await startWithBothPlatforms({
    slackToken: 'xoxb-cal',
    slackSecret: SLACK_SECRET,
    tgSecret: TG_SECRET,
    env: { ADMINS: 'web:boss,slack:U0ADMIN01' },
    clock: fakeClock('2026-06-10T00:58:59.600Z'),
  }));
});
afterAll(() => closeBothPlatforms({ t, slack, tg }));

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
/** "@union_desk_bot /subscribe" in a Telegram group (the fixture's group unless `chat` is given), via the webhook. */
async function subscribeTelegramGroup(chat?: Rec): Promise<void> {
  const before = tg.sent('sendMessage').length;
  const handled = await handledCount(t.app, 'telegram');
  const u = fixture<{ message: Rec }>('telegram', 'group_mention', { update_id: nextUpdateId() });
  await fetch(`${t.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
    body: JSON.stringify({
      ...u,
      message: {
        ...u.message,
        ...(chat ? { chat } : {}),
        text: '@union_desk_bot /subscribe',
        entities: [{ offset: 0, length: 15, type: 'mention' }],
      },
    }),
  });
  await waitHandled(t.app, 'telegram', handled, { timeoutMs: 15_000 });
  expect(tg.sent('sendMessage').length).toBeGreaterThan(before);
}
const form = (fields: Rec) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();

async function waitUntil<T>(f: () => T | undefined, label: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('subscriptions, reminders and broadcasts through Telegram and Slack', () => {
  it('a Telegram group and a Slack channel subscribe, then both get the reminder', async () => {
    await subscribeTelegramGroup();
    expect(String(tg.sent('sendMessage').at(-1)!.body['text'])).toContain('已订阅');

    const sub = await slackPost(
      form(
        fixture('slack', 'slash_command_whoami', {
          command: '/subscribe',
          channel_id: 'C0LAN2Q65',
          channel_name: 'xsgh-two-strives',
          response_url: `${slack.url}/respond/s1`,
        }),
      ),
      'application/x-www-form-urlencoded',
    );
    expect(String(sub.at(-1)!['text'])).toContain('已订阅');

    const added = await t.chat({
      userId: 'boss',
      chatId: 'office',
      text: '/event add 演讲比赛 6月10日上午9点 市工人文化宫 提醒=1m',
    });
    expect(added[0]!.text).toContain('演讲比赛');

    const tgReminder = await waitUntil(
      () =>
        tg
          .sent('sendMessage')
          .find((c) => c.body['chat_id'] === GROUP && String(c.body['text']).includes('【活动提醒】')),
      'telegram reminder',
    );
    expect(String(tgReminder.body['text'])).toContain('市工人文化宫');
    expect(tgReminder.body['parse_mode']).toBe('HTML');
    const slackReminder = await waitUntil(
      () =>
        slack
          .sent('chat.postMessage')
          .find((c) => c.body['channel'] === 'C0LAN2Q65' && String(c.body['text']).includes('【活动提醒】')),
      'slack reminder',
    );
    expect(slackReminder.body['thread_ts']).toBeUndefined();
  });

  it('a broadcast from Slack shows a confirm dialog and reaches the Telegram group', async () => {
    const dm = fixture<{ event: Rec }>('slack', 'event_dm_message', { event_id: `EvB${++seq}${Date.now()}` });
    const preview = await slackPost(
      JSON.stringify({
        ...dm,
        event: {
          ...dm.event,
          user: 'U0ADMIN01',
          text: '/broadcast 本周五下午召开“两争一树”推进会，请各单位派员参加。',
          ts: '1763955000.0001',
        },
      }),
      'application/json',
    );
    const buttons = (preview.at(-1)!['blocks'] as Rec[])
      .filter((b) => b['type'] === 'actions')
      .flatMap((b) => b['elements'] as Rec[]);
    const confirm = buttons.find((b) => (b['text'] as Rec)['text'] === '确认发送')!;
    expect(confirm['confirm']).toMatchObject({
      title: { type: 'plain_text' },
      confirm: { text: '确认' },
      deny: { text: '取消' },
    });
    expect(buttons.find((b) => (b['text'] as Rec)['text'] === '取消')?.['confirm']).toBeUndefined();

    const p = fixture<Rec & { actions: Rec[]; user: Rec }>('slack', 'block_actions');
    const payload = {
      ...p,
      user: { ...p.user, id: 'U0ADMIN01' },
      actions: [{ ...p.actions[0], value: confirm['value'], text: confirm['text'] }],
    };
    await slackPost(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
    await waitUntil(
      () =>
        tg.sent('sendMessage').find((c) => c.body['chat_id'] === GROUP && String(c.body['text']).includes('推进会')),
      'broadcast in the telegram group',
    );
  });

  it('a group that removed the bot is unsubscribed when a reminder finds it gone', async () => {
    const OLD = '-1009990001122';
    await subscribeTelegramGroup({ id: Number(OLD), title: '旧工作群', type: 'supergroup' });
    const calendar = t.app.services.calendar;
    expect(await calendar.getSubscription({ channel: 'telegram', chatId: OLD })).not.toBeNull();

    tg.kickFrom(OLD);
    await t.chat({
      userId: 'boss',
      chatId: 'office',
      text: '/event add 技能竞赛 6月10日上午9点 市职工技能实训基地 提醒=1m',
    });
    await waitUntil(
      () =>
        tg.sent('sendMessage').find((c) => c.body['chat_id'] === OLD && String(c.body['text']).includes('技能竞赛')),
      'the attempt to the old group',
    );
    const until = Date.now() + 8000;
    while ((await calendar.getSubscription({ channel: 'telegram', chatId: OLD })) !== null) {
      if (Date.now() > until) throw new Error('the gone chat was not unsubscribed');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await calendar.getSubscription({ channel: 'telegram', chatId: GROUP })).not.toBeNull();
  });

  it('a group that removes the bot (my_chat_member: kicked) is unsubscribed at once', async () => {
    const calendar = t.app.services.calendar;
    expect(await calendar.getSubscription({ channel: 'telegram', chatId: GROUP })).not.toBeNull();
    const res = await fetch(`${t.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
      body: JSON.stringify(fixture('telegram', 'my_chat_member_kicked', { update_id: nextUpdateId() })),
    });
    expect(res.status).toBe(200);
    await waitUntilAsync(async () => (await calendar.getSubscription({ channel: 'telegram', chatId: GROUP })) === null);
  });
});

async function waitUntilAsync(f: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, channelOf } from '../helpers/app.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';

let slack: FakeSlack;
let tg: FakeTelegram;
let t: TestApp;

beforeAll(async () => {
  slack = await startFakeSlack();
  tg = await startFakeTelegram();
  t = await startTestApp(
    {
      SLACK_BOT_TOKEN: 'xoxb-worker',
      SLACK_SIGNING_SECRET: 'worker-secret',
      SLACK_API_URL: slack.apiUrl,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
    },
    { role: 'worker' },
  );
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
  await tg?.close();
});

describe('the worker process', () => {
  it('can send through both channels but receives nothing (no polling, no webhook, no menus)', async () => {
    expect(t.app.server).toBeNull();
    await channelOf(t.app, 'telegram').send({ channel: 'telegram', chatId: '-1001873366412' }, [
      { text: '【活动提醒】演讲比赛明天上午9点开始。' },
    ]);
    await channelOf(t.app, 'slack').send({ channel: 'slack', chatId: 'C0LAN2Q65' }, [
      { text: '【活动提醒】演讲比赛明天上午9点开始。' },
    ]);
    expect(tg.sent('sendMessage')).toHaveLength(1);
    expect(slack.sent('chat.postMessage')).toHaveLength(1);
    // app.start() has returned (every module started) and both sends are done: nothing else was called.
    expect(tg.calls.map((c) => c.method)).toEqual(['sendMessage']);
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage']);
  });
});

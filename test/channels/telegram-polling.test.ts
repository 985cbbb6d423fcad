import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';
import { fixture, nextUpdateId } from './fixtures.js';

let tg: FakeTelegram;
let t: TestApp;

beforeAll(async () => {
  tg = await startFakeTelegram();
  t = await startTestApp({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_MODE: 'polling' });
});
afterAll(async () => {
  await t?.close();
  await tg?.close();
});

describe('telegram long polling', () => {
  it('drops the webhook, polls, answers a queued update once, and stops cleanly', async () => {
    await tg.waitFor('deleteWebhook');
    const id = nextUpdateId();
    tg.queueUpdate(fixture('telegram', 'private_text', { update_id: id }));
    const [msg] = await tg.waitFor('sendMessage');
    expect(String(msg!.body['text'])).toContain('可用命令');
    expect(msg!.body['chat_id']).toBe('5213370021');
    // The same update again (e.g. after a restart before the offset was confirmed) is not answered twice.
    const polls = tg.polls();
    tg.queueUpdate(fixture('telegram', 'private_text', { update_id: id }));
    // Two more polls: the one that offered the update, and the next, asked for once that batch was handled.
    while (tg.polls() < polls + 2) await new Promise((r) => setTimeout(r, 20));
    expect(tg.sent('sendMessage')).toHaveLength(1);
    // Stops cleanly (how fast: `npm run bench -- latency`).
    await t.close();
  });
});

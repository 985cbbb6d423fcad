import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/errors.js';
import { type TestApp, handledCount, startTestApp, waitHandled, channelOf } from '../helpers/app.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';
import { fixture, nextUpdateId } from './fixtures.js';

const SECRET = 'tg-secret_123';
let tg: FakeTelegram;
let t: TestApp;

beforeAll(async () => {
  tg = await startFakeTelegram();
  t = await startTestApp({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.url,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
});
afterAll(async () => {
  await t?.close();
  await tg?.close();
});

function post(update: unknown, secret: string | null = SECRET): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
  return fetch(`${t.url}/telegram/webhook`, { method: 'POST', headers, body: JSON.stringify(update) });
}

/** Post an update and wait for the app to have finished with it (its outcome is counted). */
async function deliver(update: unknown, expectReplies: number): Promise<void> {
  const before = tg.sent('sendMessage').length;
  const handled = await handledCount(t.app, 'telegram');
  const res = await post(update);
  expect(res.status).toBe(200);
  await waitHandled(t.app, 'telegram', handled);
  if (expectReplies > 0) await tg.waitFor('sendMessage', before + expectReplies);
}

describe('telegram webhook', () => {
  it('registers the webhook with its secret and the command menus in zh and en at start-up', async () => {
    const hook = (await tg.waitFor('setWebhook'))[0]!;
    expect(hook.body).toMatchObject({ url: 'https://bot.example.org/telegram/webhook', secret_token: SECRET });
    const menus = await tg.waitFor('setMyCommands', 2);
    const zh = menus.find((c) => c.body['language_code'] === 'zh')!;
    const en = menus.find((c) => c.body['language_code'] === undefined)!;
    const zhCmds = zh.body['commands'] as { command: string; description: string }[];
    const enCmds = en.body['commands'] as { command: string; description: string }[];
    expect(zhCmds.find((c) => c.command === 'help')?.description).toBe('查看帮助');
    expect(enCmds.find((c) => c.command === 'help')?.description).toMatch(/help/i);
    expect(zhCmds.some((c) => c.command === 'link')).toBe(true);
    expect(zhCmds.every((c) => /^[a-z0-9_]+$/.test(c.command))).toBe(true);
  });

  it('a missing or wrong secret is refused with 403 and nothing is processed', async () => {
    const before = tg.calls.length;
    const update = fixture('telegram', 'private_text', { update_id: nextUpdateId() });
    expect((await post(update, null)).status).toBe(403);
    expect((await post(update, 'wrong')).status).toBe(403);
    // The same update with the right secret is still new (the refused ones left no trace)…
    await deliver(update, 1);
    // …and once it is answered, its one reply is the only call the three posts made.
    expect(tg.calls.length).toBe(before + 1);
  });

  it('answers a private /help in Chinese, HTML-escaped', async () => {
    await deliver(fixture('telegram', 'private_text', { update_id: nextUpdateId() }), 1);
    const msg = tg.sent('sendMessage').at(-1)!.body;
    expect(msg['chat_id']).toBe('5213370021');
    expect(msg['parse_mode']).toBe('HTML');
    expect(String(msg['text'])).toContain('可用命令');
    expect(msg['reply_parameters']).toBeUndefined();
  });

  it('ignores a duplicate update_id', async () => {
    const update = fixture('telegram', 'private_text', { update_id: nextUpdateId() });
    await deliver(update, 1);
    const count = tg.sent('sendMessage').length;
    await deliver(update, 0);
    expect(tg.sent('sendMessage').length).toBe(count);
  });

  it('in a group answers a mention as a reply, a reply to the bot, and stays quiet otherwise', async () => {
    await deliver(fixture('telegram', 'group_mention', { update_id: nextUpdateId() }), 1);
    const answer = tg.sent('sendMessage').at(-1)!.body;
    expect(answer['chat_id']).toBe('-1001873366412');
    expect(answer['reply_parameters']).toMatchObject({ message_id: 9031 });
    expect(String(answer['text'])).toContain('telegram:5213370021');

    await deliver(fixture('telegram', 'group_reply_to_bot', { update_id: nextUpdateId() }), 1);
    expect(String(tg.sent('sendMessage').at(-1)!.body['text'])).toContain('telegram:6011223344');

    const quiet = tg.sent('sendMessage').length;
    await deliver(fixture('telegram', 'group_plain', { update_id: nextUpdateId() }), 0);
    await deliver(fixture('telegram', 'group_command_other_bot', { update_id: nextUpdateId() }), 0);
    expect(tg.sent('sendMessage').length).toBe(quiet);
  });

  it('answers inside a forum topic', async () => {
    await deliver(fixture('telegram', 'forum_topic_command', { update_id: nextUpdateId() }), 1);
    expect(tg.sent('sendMessage').at(-1)!.body).toMatchObject({ chat_id: '-1002245567788', message_thread_id: 305 });
  });

  it('a button press is acknowledged, its buttons removed, and answered', async () => {
    await deliver(fixture('telegram', 'callback_query', { update_id: nextUpdateId() }), 1);
    expect(tg.sent('answerCallbackQuery').at(-1)!.body['callback_query_id']).toBe('4382bfdwdsb323b2d9');
    await tg.waitFor('editMessageReplyMarkup');
    expect(String(tg.sent('sendMessage').at(-1)!.body['text'])).toContain('按钮已经失效');
  });

  it('rejects a body that is not an update', async () => {
    expect((await post({ hello: 1 })).status).toBe(400);
  });

  it('sending on its own: buttons as an inline keyboard, long values packed within 64 bytes', async () => {
    const ch = channelOf(t.app, 'telegram');
    const long = `form:monthly:${'x'.repeat(80)}`;
    await ch.send({ channel: 'telegram', chatId: '5213370021' }, [
      {
        text: '提醒：本月报表还未提交。',
        choices: [
          { label: '现在填报', value: 'form:start' },
          { label: '稍后', value: long },
        ],
      },
    ]);
    const kb = (
      tg.sent('sendMessage').at(-1)!.body['reply_markup'] as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard;
    const data = kb.flat().map((b) => b.callback_data);
    expect(data[0]).toBe('form:start');
    expect(Buffer.byteLength(data[1]!)).toBeLessThanOrEqual(64);
    expect(data[1]).not.toBe(long);
  });

  it('maps Bot API refusals to typed ChannelErrors', async () => {
    const ch = channelOf(t.app, 'telegram');
    tg.failNext('sendMessage', 403, {
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    const gone = await ch.send({ channel: 'telegram', chatId: '42' }, [{ text: 'hi' }]).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ChannelError);
    expect((gone as ChannelError).failure).toEqual({ kind: 'gone' });
    tg.failNext('sendMessage', 429, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    const limited = await ch.send({ channel: 'telegram', chatId: '42' }, [{ text: 'hi' }]).catch((e: unknown) => e);
    expect((limited as ChannelError).failure).toEqual({ kind: 'rate_limited', retryAfterMs: 3000 });
  });

  it('when the answer cannot be delivered the user gets a short apology', async () => {
    tg.failNext('sendMessage', 400, { ok: false, error_code: 400, description: "Bad Request: can't parse entities" });
    const before = tg.sent('sendMessage').length;
    await post(fixture('telegram', 'private_text', { update_id: nextUpdateId() }));
    const msgs = await tg.waitFor('sendMessage', before + 2);
    expect(String(msgs.at(-1)!.body['text'])).toContain('抱歉');
  });

  it('splits a long message at sentence ends, every piece within 4,096 characters, buttons on the last', async () => {
    const ch = channelOf(t.app, 'telegram');
    const before = tg.sent('sendMessage').length;
    const text = '各级工会要把“两争一树”活动纳入工作目标考核<重点>。'.repeat(300);
    await ch.send({ channel: 'telegram', chatId: '5213370021' }, [
      { text, choices: [{ label: '知道了', value: 'ok:1' }] },
    ]);
    const parts = tg.sent('sendMessage').slice(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      const html = String(p.body['text']);
      expect(html.length).toBeLessThanOrEqual(4096);
      expect(html.endsWith('。')).toBe(true);
    }
    expect(parts.slice(0, -1).every((p) => p.body['reply_markup'] === undefined)).toBe(true);
    expect(parts.at(-1)!.body['reply_markup']).toBeDefined();
    const joined = parts.map((p) => String(p.body['text'])).join('');
    expect(joined.replace(/&lt;/g, '<').replace(/&gt;/g, '>')).toBe(text);
  });

  it('a short rate limit on an answer is waited out, not turned into an apology', async () => {
    tg.failNext('sendMessage', 429, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const before = tg.sent('sendMessage').length;
    const handled = await handledCount(t.app, 'telegram');
    await post(fixture('telegram', 'private_text', { update_id: nextUpdateId() }));
    const msgs = await tg.waitFor('sendMessage', before + 2);
    expect(String(msgs.at(-1)!.body['text'])).toContain('可用命令');
    await waitHandled(t.app, 'telegram', handled);
    expect(tg.sent('sendMessage')).toHaveLength(before + 2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, fakeClock, startTestApp, handledCount, waitHandled } from '../helpers/app.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';
import { fixture, nextUpdateId } from './fixtures.js';
import { REPORT_AFTER_STATUS, REPORT_OPENING, seedReportingOfficer } from './report-flow.js';

const SECRET = 'tg-report-secret';
const USER = 5213370021;
let tg: FakeTelegram;
let t: TestApp;

beforeAll(async () => {
  tg = await startFakeTelegram();
  t = await startTestApp(
    {
      ADMINS: 'web:boss',
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    },
    { clock: fakeClock('2026-11-20T02:00:00Z') },
  );
  await seedReportingOfficer(t, `telegram:${USER}`);
});
afterAll(async () => {
  await t?.close();
  await tg?.close();
});

interface Out {
  text: string;
  buttons: { text: string; callback_data: string }[];
}

async function send(update: Record<string, unknown>): Promise<Out[]> {
  const before = tg.sent('sendMessage').length;
  const handled = await handledCount(t.app, 'telegram');
  const res = await fetch(`${t.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  expect(res.status).toBe(200);
  await waitHandled(t.app, 'telegram', handled, { timeoutMs: 15_000 });
  const after = tg.sent('sendMessage').length;
  return tg
    .sent('sendMessage')
    .slice(before, after)
    .map((c) => ({
      text: String(c.body['text']),
      buttons: (
        (c.body['reply_markup'] as { inline_keyboard?: Out['buttons'][] } | undefined)?.inline_keyboard ?? []
      ).flat(),
    }));
}

const say = (text: string) => {
  const u = fixture<{ message: Record<string, unknown> }>('telegram', 'private_text', { update_id: nextUpdateId() });
  return send({ ...u, message: { ...u.message, text, entities: [] } });
};
const press = (data: string) => {
  const u = fixture<{ callback_query: Record<string, unknown> }>('telegram', 'callback_query', {
    update_id: nextUpdateId(),
  });
  return send({ ...u, callback_query: { ...u.callback_query, id: `cb${nextUpdateId()}`, data } });
};
const all = (outs: Out[]) => outs.map((o) => o.text).join('\n');
const button = (outs: Out[], label: RegExp) => outs.flatMap((o) => o.buttons).find((b) => label.test(b.text));

describe('a whole monthly report on Telegram', () => {
  it('goes from /report through typed answers and buttons to a submitted report', async () => {
    expect(all(await say('/report'))).toContain('哪个月');
    for (const [answer, next] of REPORT_OPENING) expect(all(await say(answer))).toContain(next);
    const ent = await say('推进中');
    const started = button(ent, /已启动/);
    expect(started?.callback_data).toBe('form:choice:unionStatus:started');
    expect(all(await press(started!.callback_data))).toContain('纳入职代会');
    for (const [answer, next] of REPORT_AFTER_STATUS) expect(all(await say(answer))).toContain(next);
    const summary = await say('跳过');
    expect(all(summary)).toContain('请核对');
    const confirm = summary.flatMap((o) => o.buttons).find((b) => b.callback_data === 'form:confirm');
    expect(confirm).toBeDefined();
    for (const b of summary.flatMap((o) => o.buttons))
      expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    expect(all(await press('form:confirm'))).toContain('第 1 版');

    const forms = t.app.services.forms;
    const unit = (await forms.unitOf(`telegram:${USER}`))!;
    const rep = await forms.getReport(unit, '2026-11');
    expect(rep?.data).toMatchObject({
      groupsNew: 3,
      groupsTotal: 15,
      trainingParticipants: 120,
      highlights: '开展师带徒结对活动',
    });
    expect(rep?.by).toBe(`telegram:${USER}`);
  });
});

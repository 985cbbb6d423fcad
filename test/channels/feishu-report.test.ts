import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, fakeClock, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { type FakeFeishu, startFakeFeishu } from './fake-feishu.js';
import { fixture } from './fixtures.js';
import { REPORT_AFTER_STATUS, REPORT_OPENING, seedReportingOfficer } from './report-flow.js';

const TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';
const USER = 'ou_84aad35d084aa403a838cf73ee18467';
const ROOT = 'om_dc13264520392913993dd051dba21dcf';
let fs: FakeFeishu;
let t: TestApp;

beforeAll(async () => {
  fs = await startFakeFeishu();
  // Webhook mode without an Encrypt Key: plain JSON bodies, the Verification Token checked in each.
  t = await startTestApp(
    {
      ADMINS: 'web:boss',
      FEISHU_APP_ID: 'cli_a5f3c2b1d4e6f789',
      FEISHU_APP_SECRET: 'fake-secret',
      FEISHU_MODE: 'webhook',
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_DOMAIN: fs.url,
    },
    { clock: fakeClock('2026-11-20T02:00:00Z') },
  );
  await seedReportingOfficer(t, `feishu:${USER}`);
});
afterAll(async () => {
  await t?.close();
  await fs?.close();
});

interface Out {
  text: string;
  buttons: { label: string; value: Record<string, string> }[];
}

function outOf(body: Record<string, unknown>): Out {
  const content = JSON.parse(String(body['content'])) as Record<string, unknown>;
  if (body['msg_type'] === 'text') return { text: String(content['text']), buttons: [] };
  const els = (content['body'] as { elements: Record<string, unknown>[] }).elements;
  return {
    text: JSON.stringify(els),
    buttons: els
      .filter((e) => e['tag'] === 'button')
      .map((e) => ({
        label: (e['text'] as { content: string }).content,
        value: (e['behaviors'] as { value: Record<string, string> }[])[0]!.value,
      })),
  };
}

async function post(payload: Record<string, unknown>): Promise<Out[]> {
  const before = fs.sent().length;
  const handled = await handledCount(t.app, 'feishu');
  const res = await fetch(`${t.url}/feishu/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  expect(res.status).toBe(200);
  await waitHandled(t.app, 'feishu', handled, { timeoutMs: 15_000 });
  return fs
    .sent()
    .slice(before)
    .map((c) => outOf(c.body));
}

const fresh = (f: Record<string, unknown>): Record<string, unknown> => ({
  ...f,
  header: { ...(f['header'] as Record<string, unknown>), event_id: randomBytes(16).toString('hex') },
});

/** The first message @-mentions the bot; every later one is a plain reply in its thread. */
function say(text: string, first = false): Promise<Out[]> {
  const f = fresh(fixture('feishu', 'group_mention'));
  const ev = f['event'] as { message: Record<string, unknown> };
  const message = { ...ev.message, message_id: `om_${randomBytes(8).toString('hex')}` };
  if (first) Object.assign(message, { message_id: ROOT, content: JSON.stringify({ text: `@_user_1 ${text}` }) });
  else Object.assign(message, { root_id: ROOT, parent_id: ROOT, content: JSON.stringify({ text }), mentions: [] });
  return post({ ...f, event: { ...ev, message } });
}

function press(value: Record<string, string>): Promise<Out[]> {
  const f = fresh(fixture('feishu', 'card_action'));
  const ev = f['event'] as Record<string, unknown>;
  const context = { open_message_id: 'om_card', open_chat_id: 'oc_a0553eda9014c201e6969b478895c230' };
  return post({ ...f, event: { ...ev, action: { tag: 'button', value }, context } });
}

const all = (outs: Out[]) => outs.map((o) => o.text).join('\n');
const button = (outs: Out[], label: RegExp) => outs.flatMap((o) => o.buttons).find((b) => label.test(b.label));

describe('a whole monthly report in a Feishu group thread', () => {
  it('goes from "@bot /report" through plain replies in the thread and card buttons to a submitted report', async () => {
    expect(all(await say('/report', true))).toContain('哪个月');
    for (const [answer, next] of REPORT_OPENING) expect(all(await say(answer))).toContain(next);
    const ent = await say('推进中');
    const started = button(ent, /已启动/);
    expect(started?.value).toEqual({ ud: 'form:choice:unionStatus:started', ud_t: ROOT });
    expect(all(await press(started!.value))).toContain('纳入职代会');
    for (const [answer, next] of REPORT_AFTER_STATUS) expect(all(await say(answer))).toContain(next);
    const summary = await say('跳过');
    expect(all(summary)).toContain('请核对');
    const confirm = summary.flatMap((o) => o.buttons).find((b) => b.value['ud'] === 'form:confirm');
    expect(confirm).toBeDefined();
    expect(all(await press(confirm!.value))).toContain('第 1 版');

    // Every answer went into the thread.
    expect(fs.sent().every((c) => c.method === 'reply' && c.body['reply_in_thread'] === true)).toBe(true);
    const forms = t.app.services.forms;
    const unit = (await forms.unitOf(`feishu:${USER}`))!;
    const rep = await forms.getReport(unit, '2026-11');
    expect(rep?.data).toMatchObject({ groupsNew: 3, groupsTotal: 15, highlights: '开展师带徒结对活动' });
    expect(rep?.by).toBe(`feishu:${USER}`);
  });

  it('a payload with the wrong Verification Token does nothing', async () => {
    const before = fs.sent().length;
    const f = fresh(fixture('feishu', 'p2p_text'));
    const res = await fetch(`${t.url}/feishu/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...f, header: { ...(f['header'] as object), token: 'forged' } }),
    });
    expect(res.status).toBe(403);
    // The same event with the right token is answered: the forged one left no dedupe mark.
    await post(f);
    expect(fs.sent().length).toBe(before + 1);
  });

  it('the bot removed from a group (im.chat.member.bot.deleted_v1) unsubscribes it at once', async () => {
    const svc = t.app.services.calendar;
    const conv = { channel: 'feishu' as const, chatId: 'oc_413871369c7d5a2b2c9a9f8e7d6c5b4a' };
    await svc.subscribe(conv);
    await post(fresh(fixture('feishu', 'bot_deleted')));
    const end = Date.now() + 5000;
    while ((await svc.getSubscription(conv)) !== null) {
      if (Date.now() > end) throw new Error('not unsubscribed');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { BOT_ID, BOT_SECRET, type FakeWecom, startFakeWecom, until, wecomFixture } from './fake-wecom.js';

let wc: FakeWecom;
let t: TestApp;
let dataDir: string;
const env = () => ({ ADMINS: 'web:boss', WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: BOT_SECRET, WECOM_WS_URL: wc.url, DATA_DIR: dataDir });

type Rec = Record<string, unknown>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ud-wecom-ws-'));
  wc = await startFakeWecom();
  t = await startTestApp(env());
  await until(() => wc.live() === 1);
});
afterAll(async () => {
  await t?.close();
  await wc?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Push a callback and wait until the app has finished with it; the replies on its req_id. */
async function push(body: Rec, app = t): Promise<{ reqId: string; replies: Rec[] }> {
  const handled = await handledCount(app.app, 'wecom');
  const reqId = wc.push(body, body['msgtype'] === 'event' ? 'aibot_event_callback' : 'aibot_msg_callback');
  await waitHandled(app.app, 'wecom', handled, { timeoutMs: 15_000 });
  return { reqId, replies: wc.calls.filter((c) => c.reqId === reqId && c.cmd === 'aibot_respond_msg').map((c) => c.body) };
}
const content = (r: Rec | undefined) => String((r?.['stream'] as Rec | undefined)?.['content'] ?? '');

describe('wecom long connection (WECOM_MODE=ws, the default) through the SDK WSClient', () => {
  it('subscribes with the bot id and secret', () => {
    expect(wc.subscribes[0]).toEqual({ bot_id: BOT_ID, secret: BOT_SECRET });
    expect(wc.connections()).toBe(1);
  });

  it('answers a single chat in place: one finished stream on the callback req_id', async () => {
    const { replies } = await push(wecomFixture('text_single'));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ msgtype: 'stream', stream: { finish: true } });
    expect(content(replies[0])).toContain('可用命令');
  });

  it('answers a question with its citation as markdown', async () => {
    const { replies } = await push(wecomFixture('text_single', { text: { content: '演讲比赛是几月份？' } }));
    const md = content(replies[0]);
    expect(md).toMatch(/月/);
    expect(md).toMatch(/📄 \*\*出处\*\*：《[^》]*两争一树[^》]*》/);
  });

  it('a redelivered msgid is answered once', async () => {
    const body = wecomFixture('text_single');
    const first = await push(body);
    expect(first.replies).toHaveLength(1);
    const dups = await handledCount(t.app, 'wecom', 'duplicate');
    const again = await push(body);
    expect(again.replies).toHaveLength(0);
    expect(await handledCount(t.app, 'wecom', 'duplicate')).toBe(dups + 1);
  });

  it('in a group answers only an @-mention, with the mention stripped', async () => {
    const plain = await push(wecomFixture('text_group_plain'));
    expect(plain.replies).toHaveLength(0);
    const mention = await push(wecomFixture('text_group_mention'));
    expect(content(mention.replies[0])).toContain('可用命令');
  });

  it('a reply WeCom refuses on the req_id (its window passed) is pushed to the chat instead, without an apology', async () => {
    const sends = wc.accepted('aibot_send_msg').length;
    wc.failNext(846605, 'invalid req_id', 'aibot_respond_msg');
    const { replies } = await push(wecomFixture('text_single', { from: { userid: 'zhaoliu' } }));
    expect(replies).toHaveLength(1);
    const pushed = wc.accepted('aibot_send_msg').slice(sends);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.body).toMatchObject({ chatid: 'zhaoliu', msgtype: 'markdown' });
    expect(String((pushed[0]!.body['markdown'] as Rec)['content'])).toContain('可用命令');
  });

  it('a card press updates the card at once and comes back as action, answered with a push', async () => {
    const sends = wc.accepted('aibot_send_msg').length;
    const body = wecomFixture('template_card_event', { chatid: 'wrkGroupPress01' });
    const { reqId } = await push(body);
    const update = wc.calls.find((c) => c.reqId === reqId && c.cmd === 'aibot_respond_update_msg');
    expect(update?.body).toMatchObject({
      response_type: 'update_template_card',
      template_card: { card_type: 'button_interaction', task_id: 'fBmjTL7ErRCQSNA6GZKMlcFiWX1shOvg' },
    });
    // 'button_replace_text' is no action of ours: the stale-button answer, pushed to the group.
    const pushed = wc.accepted('aibot_send_msg').slice(sends);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.body).toMatchObject({ chatid: 'wrkGroupPress01', msgtype: 'markdown' });
  });

  it('welcomes a member opening the single chat (enter_chat → aibot_respond_welcome_msg)', async () => {
    const { reqId } = await push(wecomFixture('enter_chat'));
    const welcome = wc.calls.find((c) => c.reqId === reqId && c.cmd === 'aibot_respond_welcome_msg');
    expect(welcome?.body).toMatchObject({ msgtype: 'text' });
    expect(JSON.stringify(welcome?.body)).toContain('工会助手');
  });

  it('/link: an officer on WeCom issues a code, redeems it on the web chat and confirms on WeCom', async () => {
    await t.chat({ userId: 'boss', text: '/role wecom:wangwu officer' });
    const says = async (text: string) =>
      content((await push(wecomFixture('text_single', { from: { userid: 'wangwu' }, text: { content: text } }))).replies[0]);
    const issued = await says('/link');
    const code = /([2-9A-HJ-NP-Z]{8})/.exec(issued)?.[1];
    expect(code, issued).toBeDefined();
    await t.chat({ text: `/link ${code}`, userId: 'wecom-linked-web-user' });
    expect(await says('/link 确认')).toContain('绑定成功');
    const who = await t.chat({ text: '/whoami', userId: 'wecom-linked-web-user' });
    expect(who.map((r) => r.text).join('\n')).toContain('wecom:wangwu');
  });

  it('reconnects when the connection drops, and counts it in /metrics', async () => {
    const before = wc.connections();
    wc.drop();
    await until(() => wc.live() === 1 && wc.connections() === before + 1, 10_000);
    let text = '';
    const end = Date.now() + 5000;
    while (Date.now() < end) {
      text = await (await fetch(`${t.url}/metrics`)).text();
      if (/union_desk_channel_reconnects_total\{channel="wecom"\} 1/.test(text)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(text).toMatch(/union_desk_channel_reconnects_total\{channel="wecom"\} 1/);
    expect(content((await push(wecomFixture('text_single'))).replies[0])).toContain('可用命令');
  });

  it('two instances hold one connection (the Redis lease); the second takes over when the first stops', async () => {
    const other = await startTestApp({ ...env(), REDIS_PREFIX: t.config.REDIS_PREFIX });
    try {
      const opened = wc.connections();
      // start() returned after its first lease attempt: it lost, so it opened no socket.
      expect(wc.live()).toBe(1);
      await t.app.stop();
      await until(() => wc.live() === 1 && wc.connections() === opened + 1, 15_000);
      expect(content((await push(wecomFixture('text_single'), other)).replies[0])).toContain('可用命令');
    } finally {
      await other.app.stop();
    }
  }, 30_000);
});

import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuSignature } from '../../src/channels/feishu/webhook.js';
import { ChannelError } from '../../src/errors.js';
import { type TestApp, channelOf, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { BOT_OPEN_ID, type FakeFeishu, startFakeFeishu } from './fake-feishu.js';
import { fixture } from './fixtures.js';

const TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV';
const ENCRYPT_KEY = 'kudryavtsev-test-encrypt-key';
const USER = 'ou_84aad35d084aa403a838cf73ee18467';
let fs: FakeFeishu;
let t: TestApp;

beforeAll(async () => {
  fs = await startFakeFeishu();
  t = await startTestApp({
    FEISHU_APP_ID: 'cli_a5f3c2b1d4e6f789',
    FEISHU_APP_SECRET: 'fake-secret',
    FEISHU_MODE: 'webhook',
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_DOMAIN: fs.url,
    ADMINS: `feishu:${USER}`,
  });
});
afterAll(async () => {
  await t?.close();
  await fs?.close();
});

/** Encrypt as Feishu does: AES-256-CBC, key sha256(encryptKey), a random IV in front, base64. */
function encrypt(payload: unknown): string {
  const key = createHash('sha256').update(ENCRYPT_KEY).digest();
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, c.update(JSON.stringify(payload), 'utf8'), c.final()]).toString('base64');
}

function post(
  payload: unknown,
  opts: { sign?: boolean; forge?: boolean; timestamp?: number; plain?: boolean } = {},
): Promise<Response> {
  const body = opts.plain ? JSON.stringify(payload) : JSON.stringify({ encrypt: encrypt(payload) });
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.sign !== false) {
    headers['x-lark-request-timestamp'] = ts;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = opts.forge ? 'f'.repeat(64) : feishuSignature(ts, nonce, ENCRYPT_KEY, body);
  }
  return fetch(`${t.url}/feishu/events`, { method: 'POST', headers, body });
}

/** A fixture with a fresh event_id. */
function event(name: string): Record<string, unknown> {
  const f = fixture('feishu', name);
  return { ...f, header: { ...(f['header'] as Record<string, unknown>), event_id: randomBytes(16).toString('hex') } };
}

async function deliver(payload: unknown, replies: number): Promise<Response> {
  const before = fs.sent().length;
  const handled = await handledCount(t.app, 'feishu');
  const res = await post(payload);
  expect(res.status).toBe(200);
  await waitHandled(t.app, 'feishu', handled);
  if (replies > 0) await waitForSent(before + replies);
  return res;
}

async function waitForSent(n: number): Promise<void> {
  const until = Date.now() + 5000;
  while (fs.sent().length < n) {
    if (Date.now() > until) throw new Error(`expected ${n} sends, got ${fs.sent().length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const textOf = (c: { body: Record<string, unknown> }): string => JSON.stringify(JSON.parse(String(c.body['content'])));

describe('feishu webhook (encrypted, signed)', () => {
  it('answers the encrypted URL challenge, and refuses one with the wrong token', async () => {
    const ok = await post(fixture('feishu', 'url_verification'), { sign: false });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'ajls384kdjx98XX' });
    const bad = await post(fixture('feishu', 'url_verification', { token: 'wrong' }), { sign: false });
    expect(bad.status).toBe(403);
  });

  it('answers a private /help in Chinese, in the chat', async () => {
    await deliver(event('p2p_text'), 1);
    const call = fs.sent().at(-1)!;
    expect(call.method).toBe('create');
    expect(call.target).toBe('oc_5ce6d572455d361153b7xx51da133945');
    expect(textOf(call)).toContain('可用命令');
  });

  it('a forged or stale signature, or an unencrypted body, is refused and does nothing', async () => {
    const before = fs.sent().length;
    const ev = event('p2p_text');
    expect((await post(ev, { forge: true })).status).toBe(401);
    expect((await post(ev, { sign: false })).status).toBe(401);
    expect((await post(ev, { timestamp: Math.floor(Date.now() / 1000) - 2 * 3600 })).status).toBe(401);
    expect((await post(ev, { plain: true })).status).toBe(400);
    // The same event, properly signed, is still new (the refused ones left no trace) and answered once.
    await deliver(ev, 1);
    expect(fs.sent().length).toBe(before + 1);
  });

  it('a re-pushed event (same event_id) is answered once', async () => {
    const ev = event('p2p_text');
    await deliver(ev, 1);
    const count = fs.sent().length;
    const dups = await handledCount(t.app, 'feishu', 'duplicate');
    await deliver(ev, 0);
    expect(fs.sent().length).toBe(count);
    expect(await handledCount(t.app, 'feishu', 'duplicate')).toBe(dups + 1);
  });

  it('in a group answers an @-mention in its thread, with the mention stripped, and ignores the rest', async () => {
    await deliver(event('group_mention'), 1);
    const call = fs.sent().at(-1)!;
    expect(call.method).toBe('reply');
    expect(call.target).toBe('om_dc13264520392913993dd051dba21dcf');
    expect(call.body['reply_in_thread']).toBe(true);
    expect(textOf(call)).toContain(`feishu:${USER}`);
    expect(fs.sent('bot_info').length + fs.calls.filter((c) => c.method === 'bot_info').length).toBeGreaterThan(0);

    const quiet = fs.sent().length;
    await deliver(event('group_plain'), 0);
    expect(fs.sent().length).toBe(quiet);
  });

  it('a card button press is acknowledged with a toast and answered', async () => {
    const res = await deliver(event('card_action'), 1);
    expect(await res.json()).toMatchObject({ toast: { type: 'info' } });
    const call = fs.sent().at(-1)!;
    expect(call.target).toBe('oc_5ce6d572455d361153b7xx51da133945');
    expect(textOf(call)).toContain('按钮已经失效');
  });

  it('sending on its own: choices as card 2.0 callback buttons; the delivery id is the uuid', async () => {
    const ch = channelOf(t.app, 'feishu');
    const to = { channel: 'feishu' as const, chatId: 'oc_cards' };
    const replies = [
      {
        text: '提醒：本月报表还未提交。',
        choices: [
          { label: '现在填报', value: 'form:start' },
          { label: '稍后', value: 'form:later' },
        ],
      },
    ];
    const delivered = fs.delivered().length;
    await ch.send(to, replies, { deliveryId: 'bc:1:feishu:oc_cards' });
    await ch.send(to, replies, { deliveryId: 'bc:1:feishu:oc_cards' });
    expect(fs.delivered().length).toBe(delivered + 1);
    const call = fs.delivered().at(-1)!;
    expect(call.body['msg_type']).toBe('interactive');
    const card = JSON.parse(String(call.body['content'])) as {
      schema: string;
      body: { elements: Record<string, unknown>[] };
    };
    expect(card.schema).toBe('2.0');
    const buttons = card.body.elements.filter((e) => e['tag'] === 'button');
    expect(buttons.map((b) => (b['behaviors'] as { value: { ud: string } }[])[0]!.value.ud)).toEqual([
      'form:start',
      'form:later',
    ]);
  });

  it('maps 429 (99991400) to rate_limited with the reset header, and 230002 to gone', async () => {
    const ch = channelOf(t.app, 'feishu');
    fs.failNext(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '7' });
    const limited = await ch.send({ channel: 'feishu', chatId: 'oc_x' }, [{ text: 'hi' }]).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(ChannelError);
    expect((limited as ChannelError).failure).toEqual({ kind: 'rate_limited', retryAfterMs: 7000 });
    fs.removeBotFrom('oc_gone');
    const gone = await ch.send({ channel: 'feishu', chatId: 'oc_gone' }, [{ text: 'hi' }]).catch((e: unknown) => e);
    expect((gone as ChannelError).failure).toEqual({ kind: 'gone' });
  });

  it('/link works across platforms: a code issued on Feishu links a web chat identity to the Feishu person', async () => {
    const ev = event('p2p_text');
    const msg = ev['event'] as { message: Record<string, unknown> };
    msg.message['content'] = JSON.stringify({ text: '/link' });
    await deliver(ev, 1);
    const issued = textOf(fs.sent().at(-1)!);
    const code = /([2-9A-HJ-NP-Z]{8})/.exec(issued)?.[1];
    expect(code, issued).toBeDefined();
    await t.chat({ text: `/link ${code}`, userId: 'linked-web-user' });
    // The issuer confirms on Feishu (a code seen over a shoulder gives nothing by itself).
    const confirm = event('p2p_text');
    (confirm['event'] as { message: Record<string, unknown> }).message['content'] = JSON.stringify({
      text: '/link 确认',
    });
    await deliver(confirm, 1);
    const who = await t.chat({ text: '/whoami', userId: 'linked-web-user' });
    expect(who.map((r) => r.text).join('\n')).toContain(`feishu:${USER}`);
  });

  it('knows the bot by its open_id from bot/v3/info', () => {
    expect(fs.calls.some((c) => c.method === 'bot_info')).toBe(true);
    expect(BOT_OPEN_ID.startsWith('ou_')).toBe(true);
  });
});

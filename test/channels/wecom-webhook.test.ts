import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { BOT_ID, BOT_SECRET, startFakeResponseUrl, wecomFixture } from './fake-wecom.js';

const TOKEN = 'QDG6eK';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
let t: TestApp;
let rsp: Awaited<ReturnType<typeof startFakeResponseUrl>>;

type Rec = Record<string, unknown>;

beforeAll(async () => {
  rsp = await startFakeResponseUrl();
  t = await startTestApp({
    WECOM_BOT_ID: BOT_ID,
    WECOM_BOT_SECRET: BOT_SECRET,
    WECOM_MODE: 'webhook',
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
  });
});
afterAll(async () => {
  await t?.close();
  await rsp?.close();
});

/** Query string WeCom signs: msg_signature over (token, timestamp, nonce, cipher). */
function signed(cipher: string, opts: { ts?: number; token?: string } = {}): string {
  const timestamp = String(opts.ts ?? Math.floor(Date.now() / 1000));
  const nonce = `n${Math.random().toString(36).slice(2, 10)}`;
  const sig = getSignature(opts.token ?? TOKEN, timestamp, nonce, cipher);
  return new URLSearchParams({ msg_signature: sig, timestamp, nonce }).toString();
}

async function callback(body: Rec, opts: { ts?: number; token?: string } = {}): Promise<Response> {
  const cipher = encrypt(AES_KEY, JSON.stringify(body), '');
  return fetch(`${t.url}/wecom/events?${signed(cipher, opts)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ encrypt: cipher }),
  });
}

const withUrl = (name: string, patch: Rec = {}) => wecomFixture(name, { response_url: `${rsp.url}/r/${Math.random()}`, ...patch });

describe('wecom webhook mode (WECOM_MODE=webhook): encrypted callbacks on /wecom/events', () => {
  it('verifies the URL: the decrypted echostr comes back as plain text', async () => {
    const echostr = encrypt(AES_KEY, '1616140317555161061', '');
    const res = await fetch(`${t.url}/wecom/events?${signed(echostr)}&echostr=${encodeURIComponent(echostr)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('acks a message at once and answers through its response_url, once for a retried callback', async () => {
    const body = withUrl('text_single');
    const handled = await handledCount(t.app, 'wecom');
    const res = await callback(body);
    expect(res.status).toBe(200);
    await waitHandled(t.app, 'wecom', handled, { timeoutMs: 15_000 });
    const posts = rsp.posts.filter((p) => p.path === new URL(String(body['response_url'])).pathname);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ msgtype: 'markdown' });
    expect(JSON.stringify(posts[0]!.body)).toContain('可用命令');

    // WeCom retries an unanswered callback (three times, 5 s apart): the same msgid does nothing more.
    const dups = await handledCount(t.app, 'wecom', 'duplicate');
    expect((await callback(body)).status).toBe(200);
    expect(await handledCount(t.app, 'wecom', 'duplicate')).toBe(dups + 1);
    expect(rsp.posts.filter((p) => p.path === posts[0]!.path)).toHaveLength(1);
  });

  it('a forged signature, a wrong token or a stale timestamp does nothing', async () => {
    const body = withUrl('text_single');
    const handled = await handledCount(t.app, 'wecom');
    expect((await callback(body, { token: 'forged' })).status).toBe(401);
    expect((await callback(body, { ts: Math.floor(Date.now() / 1000) - 7200 })).status).toBe(401);
    const forged = await fetch(`${t.url}/wecom/events?${signed('AAAA')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt: encrypt(AES_KEY, JSON.stringify(body), '') }),
    });
    expect(forged.status).toBe(401);
    // The genuine callback is then answered: the refused ones left no dedupe mark and did no work.
    expect(await handledCount(t.app, 'wecom')).toBe(handled);
    expect((await callback(body)).status).toBe(200);
    await waitHandled(t.app, 'wecom', handled, { timeoutMs: 15_000 });
    expect(rsp.posts.filter((p) => p.path === new URL(String(body['response_url'])).pathname)).toHaveLength(1);
  });

  it('a group message without the @-mention is not answered; with it, it is', async () => {
    const plain = withUrl('text_group_plain');
    const handled = await handledCount(t.app, 'wecom');
    await callback(plain);
    await waitHandled(t.app, 'wecom', handled, { timeoutMs: 15_000 });
    expect(rsp.posts.filter((p) => p.path === new URL(String(plain['response_url'])).pathname)).toHaveLength(0);
    const mention = withUrl('text_group_mention');
    await callback(mention);
    await waitHandled(t.app, 'wecom', handled + 1, { timeoutMs: 15_000 });
    expect(rsp.posts.filter((p) => p.path === new URL(String(mention['response_url'])).pathname)).toHaveLength(1);
  });

  it('a card press gets the updated card in the encrypted response, within the same request', async () => {
    const res = await callback(withUrl('template_card_event'));
    expect(res.status).toBe(200);
    const sealed = (await res.json()) as Rec;
    expect(getSignature(TOKEN, String(sealed['timestamp']), String(sealed['nonce']), String(sealed['encrypt']))).toBe(
      sealed['msgsignature'],
    );
    const plain = JSON.parse(decrypt(AES_KEY, String(sealed['encrypt'])).message) as Rec;
    expect(plain).toMatchObject({
      response_type: 'update_template_card',
      template_card: { task_id: 'fBmjTL7ErRCQSNA6GZKMlcFiWX1shOvg' },
    });
  });
});

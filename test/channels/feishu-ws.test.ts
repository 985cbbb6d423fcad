import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { type FakeFeishu, startFakeFeishu } from './fake-feishu.js';
import { type FakeFeishuWs, attachFakeFeishuWs } from './fake-feishu-ws.js';
import { fixture } from './fixtures.js';

let fs: FakeFeishu;
let ws: FakeFeishuWs;
let t: TestApp;
const env = () => ({ FEISHU_APP_ID: 'cli_a5f3c2b1d4e6f789', FEISHU_APP_SECRET: 'fake-secret', FEISHU_DOMAIN: fs.url });

beforeAll(async () => {
  fs = await startFakeFeishu();
  ws = attachFakeFeishuWs(fs.server);
  t = await startTestApp(env());
  await until(() => ws.live() === 1 && ws.pings() >= 1);
});
afterAll(async () => {
  await t?.close();
  ws?.drop();
  await fs?.close();
});

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function event(name: string): Record<string, unknown> {
  const f = fixture('feishu', name);
  return { ...f, header: { ...(f['header'] as Record<string, unknown>), event_id: randomBytes(16).toString('hex') } };
}

describe('feishu long connection (FEISHU_MODE=ws, the default) through the SDK WSClient', () => {
  it('receives an event, acks it with code 200, and answers', async () => {
    const before = fs.sent().length;
    const handled = await handledCount(t.app, 'feishu');
    const id = ws.push(event('p2p_text'));
    await until(() => ws.acks.has(id));
    expect(ws.acks.get(id)!.code).toBe(200);
    await waitHandled(t.app, 'feishu', handled);
    await until(() => fs.sent().length === before + 1);
    expect(JSON.parse(String(fs.sent().at(-1)!.body['content'])).text).toContain('可用命令');
  });

  it('a re-pushed event is answered once', async () => {
    const ev = event('p2p_text');
    const handled = await handledCount(t.app, 'feishu');
    ws.push(ev);
    await waitHandled(t.app, 'feishu', handled);
    const sent = fs.sent().length;
    const dups = await handledCount(t.app, 'feishu', 'duplicate');
    ws.push(ev);
    await waitHandled(t.app, 'feishu', handled + 1);
    expect(await handledCount(t.app, 'feishu', 'duplicate')).toBe(dups + 1);
    expect(fs.sent().length).toBe(sent);
  });

  it('a card press is answered with a toast in the ack', async () => {
    const id = ws.push(event('card_action'));
    await until(() => ws.acks.has(id));
    expect(ws.acks.get(id)).toMatchObject({ code: 200, data: { toast: { type: 'info', content: '收到，正在处理…' } } });
  });

  it('a second replica does not open a second connection (the Redis lease)', async () => {
    const other = await startTestApp({ ...env(), REDIS_PREFIX: t.config.REDIS_PREFIX });
    try {
      // start() returned after its first lease attempt: it lost, so it never asked for a socket URL.
      expect(ws.connections()).toBe(1);
      expect(ws.live()).toBe(1);
    } finally {
      await other.app.stop();
    }
  });

  it('reconnects when the connection drops, and counts it in /metrics', async () => {
    const endpoints = fs.endpointCalls();
    ws.drop();
    const pings = ws.pings();
    await until(() => ws.live() === 1 && ws.connections() === 2 && ws.pings() > pings);
    expect(fs.endpointCalls()).toBe(endpoints + 1);
    const end = Date.now() + 5000;
    let text = '';
    while (Date.now() < end) {
      text = await (await fetch(`${t.url}/metrics`)).text();
      if (/union_desk_channel_reconnects_total\{channel="feishu"\} 1/.test(text)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(text).toMatch(/union_desk_channel_reconnects_total\{channel="feishu"\} 1/);
  });
});

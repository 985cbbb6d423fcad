import axios from 'axios';
import { GATEWAY_URL, TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreamConnection } from '../../src/channels/dingtalk/stream.js';
import { type TestApp, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { dingtalkEnv, robotMessage, texts } from './dingtalk-helpers.js';
import { type FakeDingTalk, startFakeDingTalk } from './fake-dingtalk.js';
import { fixture } from './fixtures.js';

let dt: FakeDingTalk;
let t: TestApp;

beforeAll(async () => {
  dt = await startFakeDingTalk();
  t = await startTestApp(dingtalkEnv(dt, 'stream'));
  await until(() => dt.live() === 1);
});
afterAll(async () => {
  await t?.close();
  await dt?.close();
});

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('dingtalk Stream mode (DINGTALK_MODE=stream, the default) through the dingtalk-stream SDK', () => {
  it('gets its endpoint from the gateway at DINGTALK_API_ROOT with the client id and its subscriptions', () => {
    const gateway = dt.calls.find((c) => c.method === 'gateway')!;
    expect(gateway.body['clientId']).toBe('dingfaketestclient01');
    expect(gateway.body['subscriptions']).toEqual(
      expect.arrayContaining([
        { type: 'CALLBACK', topic: TOPIC_ROBOT },
        { type: 'CALLBACK', topic: TOPIC_CARD },
      ]),
    );
  });

  it('acks a robot message explicitly, then answers it through the OpenAPI', async () => {
    const frame = fixture('dingtalk', 'stream_frame');
    const data = { ...(JSON.parse(String(frame['data'])) as object), msgId: `msgStream${Date.now()}` };
    const handled = await handledCount(t.app, 'dingtalk');
    const before = dt.sent().length;
    const id = dt.push(TOPIC_ROBOT, data);
    await until(() => dt.acks.has(id));
    expect(dt.acks.get(id)).toMatchObject({ code: 200, headers: { messageId: id } });
    await waitHandled(t.app, 'dingtalk', handled);
    const sent = dt.sent().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('batchSend');
    expect(texts(sent)).toContain('可用命令');
  });

  it('a re-pushed message (a new frame, the same msgId) is acked again and answered once', async () => {
    const msg = robotMessage('private_text');
    const handled = await handledCount(t.app, 'dingtalk');
    dt.push(TOPIC_ROBOT, msg);
    await waitHandled(t.app, 'dingtalk', handled);
    const sent = dt.sent().length;
    const dups = await handledCount(t.app, 'dingtalk', 'duplicate');
    const again = dt.push(TOPIC_ROBOT, msg);
    await waitHandled(t.app, 'dingtalk', handled + 1);
    expect(dt.acks.has(again)).toBe(true);
    expect(await handledCount(t.app, 'dingtalk', 'duplicate')).toBe(dups + 1);
    expect(dt.sent().length).toBe(sent);
  });

  it('acks a card callback too (so it is not pushed again)', async () => {
    const id = dt.push(TOPIC_CARD, { outTrackId: 'card-1', value: '{"cardPrivateData":{"params":{}}}' });
    await until(() => dt.acks.has(id));
    expect(dt.acks.get(id)!.code).toBe(200);
  });

  it('a second replica does not open a second connection (the Redis lease)', async () => {
    const other = await startTestApp({ ...dingtalkEnv(dt, 'stream'), REDIS_PREFIX: t.config.REDIS_PREFIX });
    try {
      expect(dt.connections()).toBe(1);
      expect(dt.live()).toBe(1);
    } finally {
      await other.app.stop();
    }
  });

  it('reconnects when the connection drops, and counts it in /metrics', async () => {
    const gateways = dt.calls.filter((c) => c.method === 'gateway').length;
    dt.drop();
    await until(() => dt.live() === 1 && dt.connections() === 2);
    expect(dt.calls.filter((c) => c.method === 'gateway').length).toBe(gateways + 1);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/union_desk_channel_reconnects_total\{channel="dingtalk"\} 1/);
    // The new connection works.
    const handled = await handledCount(t.app, 'dingtalk');
    dt.push(TOPIC_ROBOT, robotMessage('private_text'));
    await waitHandled(t.app, 'dingtalk', handled);
  });

  it('failed handshakes are retried one at a time with a growing pause, not in a storm', async () => {
    dt.refuseUpgrades(true);
    const from = dt.streamLog.length;
    dt.drop();
    // Wait for the third failed handshake: one attempt at a time means gateway, upgrade, gateway, upgrade…
    // (2.1.5 by itself doubles them: gateway, upgrade, gateway, gateway, upgrade, upgrade, …).
    await until(() => dt.streamLog.slice(from).filter((e) => e === 'upgrade').length >= 3, 20_000);
    const seen = dt.streamLog.slice(from, from + 6);
    expect(seen).toEqual(['gateway', 'upgrade', 'gateway', 'upgrade', 'gateway', 'upgrade']);
    dt.refuseUpgrades(false);
    await until(() => dt.live() === 1, 20_000);
  }, 40_000);

  it('the gateway request goes to DINGTALK_API_ROOT for this client only, and is refused once the client stopped', async () => {
    const conn = createStreamConnection({
      clientId: 'dingotherclient',
      clientSecret: 'x',
      apiRoot: dt.url,
      logger: t.app.deps.logger,
      onMessage: () => {},
      onReconnect: () => {},
    });
    // Closed (as after stop()): a reconnect timer the SDK left behind gets no gateway, here or at DingTalk.
    conn.close();
    await expect(axios.post(GATEWAY_URL, { clientId: 'dingotherclient' })).rejects.toThrow(/client stopped/);
    const res = await axios.post<{ endpoint: string }>(GATEWAY_URL, { clientId: 'dingfaketestclient01' });
    expect(res.data.endpoint).toBe(`${dt.url.replace('http', 'ws')}/connect`);
  });
});

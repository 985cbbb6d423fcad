import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { fixture } from './fixtures.js';

let slack: FakeSlack;
let t: TestApp;

beforeAll(async () => {
  slack = await startFakeSlack();
  t = await startTestApp({
    SLACK_BOT_TOKEN: 'xoxb-socket',
    SLACK_APP_TOKEN: 'xapp-1-A07UNIONDK-socket',
    SLACK_API_URL: slack.apiUrl,
  });
  await slack.socket.connected();
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

const envelope = (id: string, payload: Record<string, unknown>, retry = 0) => ({
  envelope_id: id,
  payload,
  type: 'events_api',
  accepts_response_payload: false,
  retry_attempt: retry,
  retry_reason: retry ? 'timeout' : '',
});

describe('slack socket mode', () => {
  it('connects with the app token, acks an event envelope, answers it, and ignores its retry', async () => {
    expect(slack.sent('apps.connections.open').length).toBeGreaterThan(0);
    const payload = fixture('slack', 'event_dm_message', { event_id: `EvS${Date.now()}` });
    slack.socket.send(envelope('env-1', payload));
    const [msg] = await slack.waitFor('chat.postMessage');
    expect(msg!.body).toMatchObject({ channel: 'D0PNCRP9N', thread_ts: '1763952160.000300' });
    expect(String(msg!.body['text'])).toContain('可用命令');
    expect(slack.socket.received.some((m) => m['envelope_id'] === 'env-1')).toBe(true);

    const duplicates = await handledCount(t.app, 'slack', 'duplicate');
    slack.socket.send(envelope('env-2', payload, 1));
    const until = Date.now() + 2000;
    while (!slack.socket.received.some((m) => m['envelope_id'] === 'env-2') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(slack.socket.received.some((m) => m['envelope_id'] === 'env-2')).toBe(true);
    await waitHandled(t.app, 'slack', duplicates, { outcome: 'duplicate' });
    expect(slack.sent('chat.postMessage')).toHaveLength(1);
  });

  it('serves no HTTP endpoint in socket mode', async () => {
    const res = await fetch(`${t.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
  });
});

import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSender } from '../../src/channels/slack/channel.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type FakeSlackApi, startFakeSlackApi } from './fixtures/fake-slack-api.js';
import { waitReport } from './helpers.js';

let t: TestApp;
let api: FakeSlackApi;

beforeAll(async () => {
  api = await startFakeSlackApi();
  t = await startTestApp({ ADMINS: 'web:boss' });
  // The real Slack channel (WebClient) against the fake Web API, as the Slack channel builds it.
  const client = new webApi.WebClient('xoxb-test', {
    slackApiUrl: api.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  t.app.channels.set('slack', slackSender(client));
});
afterAll(async () => {
  await t.close();
  await api.close();
});

describe('Slack delivery', () => {
  it('keeps each channel at ≤ 1 message/s without holding up other channels, and honours Retry-After', async () => {
    const svc = t.app.services.calendar;
    for (const c of ['C01', 'C02', 'C03']) await svc.subscribe({ channel: 'slack', chatId: c });
    api.rateLimit('C03', 2);
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await svc.sendBroadcast({ text: `Slack 通知 ${i}`, by: 'web:boss' }));
    for (const id of ids) await waitReport(t, id, (s) => s.sent === 3, 15_000);
    const at = (c: string) => api.posts.filter((p) => p.channel === c).map((p) => p.at);
    for (const c of ['C01', 'C02', 'C03']) {
      const times = at(c);
      expect(times).toHaveLength(3);
      // Slots are 1,000 ms apart when taken; arrival at the API jitters by the HTTP call's own time.
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(850);
    }
    // Channels do not wait for each other; the rate-limited one waits its Retry-After.
    expect(Math.abs(at('C01')[0]! - at('C02')[0]!)).toBeLessThan(500);
    expect(at('C03')[0]! - started).toBeGreaterThanOrEqual(2000);
    expect(api.calls.get('C03')).toBe(4);
  });
});

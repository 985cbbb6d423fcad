import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { type FakeSlack, signSlack, startFakeSlack } from './fake-slack.js';
import { fixture } from './fixtures.js';

const SECRET = 'replay-signing-secret-0123456789';
let slack: FakeSlack;
let t: TestApp;

beforeAll(async () => {
  slack = await startFakeSlack();
  t = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-replay', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

const form = (fields: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
const send = (body: string, headers: Record<string, string>) =>
  fetch(`${t.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

describe('Slack slash commands and buttons cannot be replayed', () => {
  it('the same signed slash command (timestamp and body) runs once; a new timestamp runs again', async () => {
    const body = form(fixture('slack', 'slash_command_whoami', { response_url: `${slack.url}/respond/replay1` }));
    const ts = Math.floor(Date.now() / 1000);
    const signed = signSlack(SECRET, body, ts);
    const before = slack.sent('chat.postMessage').length;
    expect((await send(body, signed)).status).toBe(200);
    await slack.waitFor('chat.postMessage', before + 1);
    const dup = await handledCount(t.app, 'slack', 'duplicate');
    for (let i = 0; i < 3; i++) expect((await send(body, signed)).status).toBe(200);
    await waitHandled(t.app, 'slack', dup, { outcome: 'duplicate', count: 3 });
    expect(slack.sent('chat.postMessage').length).toBe(before + 1);
    // The same command sent again later by the user is a new request (Slack signs a new timestamp).
    await send(body, signSlack(SECRET, body, ts - 30));
    await slack.waitFor('chat.postMessage', before + 2);
  });

  it('a replayed button payload is dropped too', async () => {
    const body = form({ payload: JSON.stringify(fixture('slack', 'block_actions')) });
    const signed = signSlack(SECRET, body);
    const dup = await handledCount(t.app, 'slack', 'duplicate');
    expect((await send(body, signed)).status).toBe(200);
    await slack.waitFor('chat.update');
    const updates = slack.sent('chat.update').length;
    expect((await send(body, signed)).status).toBe(200);
    await waitHandled(t.app, 'slack', dup, { outcome: 'duplicate' });
    expect(slack.sent('chat.update').length).toBe(updates);
  });
});

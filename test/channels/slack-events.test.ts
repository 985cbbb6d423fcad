import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/errors.js';
import { type TestApp, handledCount, startTestApp, waitHandled, channelOf } from '../helpers/app.js';
import { BOT_USER, type FakeSlack, signSlack, startFakeSlack } from './fake-slack.js';
import { fixture } from './fixtures.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
let slack: FakeSlack;
let t: TestApp;
let n = 0;
const uid = () => `Ev${Date.now().toString(36)}${++n}`;

beforeAll(async () => {
  slack = await startFakeSlack();
  t = await startTestApp({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
  });
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

type Rec = Record<string, unknown>;

function postRaw(body: string, type: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${t.url}/slack/events`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
}
function postEvent(payload: Rec, extra: Record<string, string> = {}): Promise<Response> {
  const body = JSON.stringify(payload);
  return postRaw(body, 'application/json', { ...signSlack(SECRET, body), ...extra });
}
function postForm(fields: Rec): Promise<Response> {
  const body = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return postRaw(body, 'application/x-www-form-urlencoded', signSlack(SECRET, body));
}
const event = (name: string, patch: Rec = {}) => fixture('slack', name, { event_id: uid(), ...patch });
const textOf = (c: { body: Rec }) => String(c.body['text']);

describe('slack events over HTTP', () => {
  it('answers the URL verification challenge', async () => {
    const res = await postEvent(fixture('slack', 'url_verification'));
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses a wrong signature with 401 and a stale timestamp, and processes neither', async () => {
    const before = slack.sent('chat.postMessage').length;
    const body = JSON.stringify(event('event_dm_message'));
    const wrong = await postRaw(body, 'application/json', signSlack('not-the-secret', body));
    expect(wrong.status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await postRaw(body, 'application/json', signSlack(SECRET, body, old));
    expect(stale.status).toBe(401);
    const missing = await postRaw(body, 'application/json', {});
    expect(missing.status).toBe(401);
    // The same event, signed: once it is answered, its one answer is the only post the four made.
    const handled = await handledCount(t.app, 'slack');
    expect((await postRaw(body, 'application/json', signSlack(SECRET, body))).status).toBe(200);
    await waitHandled(t.app, 'slack', handled);
    expect(slack.sent('chat.postMessage').length).toBe(before + 1);
  });

  it('a DM is answered in its thread, acknowledged before the answer', async () => {
    const before = slack.sent('chat.postMessage').length;
    const res = await postEvent(event('event_dm_message'));
    expect(res.status).toBe(200);
    const msg = (await slack.waitFor('chat.postMessage', before + 1)).at(-1)!;
    expect(msg.body).toMatchObject({ channel: 'D0PNCRP9N', thread_ts: '1763952160.000300' });
    expect(textOf(msg)).toContain('可用命令');
    const blocks = msg.body['blocks'] as Rec[];
    expect(blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
  });

  it("Slack's retries of the same event_id never produce a second answer", async () => {
    const payload = event('event_dm_message');
    const before = slack.sent('chat.postMessage').length;
    await postEvent(payload);
    await slack.waitFor('chat.postMessage', before + 1);
    const handled = await handledCount(t.app, 'slack', 'duplicate');
    const retry = await postEvent(payload, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retry.status).toBe(200);
    expect(await handledCount(t.app, 'slack', 'duplicate')).toBe(handled + 1);
    expect(slack.sent('chat.postMessage').length).toBe(before + 1);
  });

  it('an app_mention is answered in a thread under the mention, without the mention text', async () => {
    const before = slack.sent('chat.postMessage').length;
    await postEvent(event('event_app_mention'));
    const msg = (await slack.waitFor('chat.postMessage', before + 1)).at(-1)!;
    expect(msg.body).toMatchObject({ channel: 'C0LAN2Q65', thread_ts: '1763952101.000200' });
    expect(textOf(msg)).toContain('slack:U061F7AUR');
  });

  it('ignores channel chatter and edits', async () => {
    const before = slack.sent('chat.postMessage').length;
    const handled = await handledCount(t.app, 'slack');
    await postEvent(event('event_channel_chatter'));
    await postEvent(event('event_message_changed'));
    await waitHandled(t.app, 'slack', handled, { count: 2 });
    expect(slack.sent('chat.postMessage').length).toBe(before);
  });

  it('a slash command is acknowledged at once and answered in the channel', async () => {
    const before = slack.sent('chat.postMessage').length;
    const res = await postForm(fixture('slack', 'slash_command_whoami', { response_url: `${slack.url}/respond/cmd1` }));
    expect(res.status).toBe(200);
    const msg = (await slack.waitFor('chat.postMessage', before + 1)).at(-1)!;
    expect(msg.body['channel']).toBe('D0PNCRP9N');
    expect(msg.body['thread_ts']).toBeUndefined();
    expect(textOf(msg)).toContain('slack:U061F7AUR');
  });

  it('a slash command in a channel the bot is not in is answered privately through response_url', async () => {
    slack.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await postForm(
      fixture('slack', 'slash_command_whoami', { channel_id: 'C0NOTIN01', response_url: `${slack.url}/respond/cmd2` }),
    );
    const r = (await slack.waitFor('response_url')).at(-1)!;
    expect(r.body['response_type']).toBe('ephemeral');
    expect(textOf(r)).toContain('slack:U061F7AUR');
  });

  it('a button press is acknowledged, the buttons replaced by the choice, and the answer posted in the thread', async () => {
    const before = slack.sent('chat.postMessage').length;
    const res = await postForm({ payload: JSON.stringify(fixture('slack', 'block_actions')) });
    expect(res.status).toBe(200);
    const upd = (await slack.waitFor('chat.update')).at(-1)!;
    const blocks = upd.body['blocks'] as Rec[];
    expect(blocks.some((b) => b['type'] === 'actions')).toBe(false);
    expect(JSON.stringify(blocks)).toContain('读书会');
    const msg = (await slack.waitFor('chat.postMessage', before + 1)).at(-1)!;
    expect(msg.body).toMatchObject({ channel: 'D0PNCRP9N', thread_ts: '1763952160.000300' });
    expect(textOf(msg)).toContain('按钮已经失效');
  });

  it('sends on its own with citations in context blocks and buttons with a confirm dialog', async () => {
    const ch = channelOf(t.app, 'slack');
    await ch.send({ channel: 'slack', chatId: 'C0LAN2Q65' }, [
      {
        text: '确认向 12 个订阅会话群发“读书月”通知？',
        citations: [{ doc: '无锡市两争一树活动意见(2006)', locator: '三、(二)', quote: '开展读书自学活动' }],
        choices: [
          { label: '确认发送', value: 'bc:send:7' },
          { label: '取消', value: 'bc:cancel:7' },
        ],
        confirm: true,
      },
    ]);
    const msg = slack.sent('chat.postMessage').at(-1)!;
    const blocks = msg.body['blocks'] as Rec[];
    const ctx = blocks.find((b) => b['type'] === 'context')!;
    expect(JSON.stringify(ctx)).toContain('无锡市两争一树活动意见(2006)');
    const buttons = (blocks.find((b) => b['type'] === 'actions')!['elements'] as Rec[]).map((b) => b);
    expect(buttons[0]!['confirm']).toBeDefined();
    expect(buttons[1]!['confirm']).toBeUndefined();
    expect(buttons.map((b) => b['value'])).toEqual(['bc:send:7', 'bc:cancel:7']);
  });

  it('maps Web API refusals to typed ChannelErrors', async () => {
    const ch = channelOf(t.app, 'slack');
    slack.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const gone = await ch.send({ channel: 'slack', chatId: 'C0GONE' }, [{ text: 'hi' }]).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ChannelError);
    expect((gone as ChannelError).failure).toEqual({ kind: 'gone' });
    slack.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { ok: false, error: 'ratelimited' },
    });
    const limited = await ch.send({ channel: 'slack', chatId: 'C0LAN2Q65' }, [{ text: 'hi' }]).catch((e: unknown) => e);
    expect((limited as ChannelError).failure).toEqual({ kind: 'rate_limited', retryAfterMs: 7000 });
  });

  it('knows its own bot user', () => {
    expect(slack.sent('auth.test').length).toBeGreaterThan(0);
    expect(BOT_USER).toMatch(/^U/);
  });

  it('when the answer cannot be posted the user gets a short apology in the same thread', async () => {
    slack.failNext('chat.postMessage', { body: { ok: false, error: 'internal_error' } });
    const before = slack.sent('chat.postMessage').length;
    await postEvent(event('event_dm_message'));
    const msgs = await slack.waitFor('chat.postMessage', before + 2);
    const apology = msgs.at(-1)!;
    expect(textOf(apology)).toContain('抱歉');
    expect(apology.body['thread_ts']).toBe('1763952160.000300');
  });

  it('acknowledges before the slow work: the HTTP answer does not wait for the reply to be posted', async () => {
    slack.slowNext('chat.postMessage', 1500);
    const before = slack.sent('chat.postMessage').length;
    const handled = await handledCount(t.app, 'slack');
    const res = await postEvent(event('event_dm_message'));
    expect(res.status).toBe(200);
    // Acknowledged while the answer was still being posted (the fake holds that post 1.5 s).
    expect(await handledCount(t.app, 'slack')).toBe(handled);
    await slack.waitFor('chat.postMessage', before + 1);
    await waitHandled(t.app, 'slack', handled);
  });

  it("honours the person's /lang like every channel: the apology follows it, not the text", async () => {
    const dm = (text: string) => {
      const e = event('event_dm_message');
      e['event'] = { ...(e['event'] as Rec), user: 'ULANG01', text };
      return e;
    };
    let before = slack.sent('chat.postMessage').length;
    await postEvent(dm('/lang en'));
    expect(textOf((await slack.waitFor('chat.postMessage', before + 1)).at(-1)!)).toContain('English');
    slack.failNext('chat.postMessage', { body: { ok: false, error: 'internal_error' } });
    before = slack.sent('chat.postMessage').length;
    await postEvent(dm('帮助'));
    const apology = (await slack.waitFor('chat.postMessage', before + 2)).at(-1)!;
    expect(textOf(apology)).toContain('Sorry');
  });

  it('a short rate limit on an answer is waited out, not turned into an apology', async () => {
    slack.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    const before = slack.sent('chat.postMessage').length;
    const handled = await handledCount(t.app, 'slack');
    await postEvent(event('event_dm_message'));
    const msgs = await slack.waitFor('chat.postMessage', before + 2);
    expect(textOf(msgs.at(-1)!)).toContain('可用命令');
    await waitHandled(t.app, 'slack', handled);
    expect(slack.sent('chat.postMessage')).toHaveLength(before + 2);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { type EmbeddedRedis, freePort, startEmbeddedRedis } from '../../src/store/embedded.js';
import { optionsFromUrl } from '../../src/store/redis.js';
import { fixture, nextUpdateId } from '../channels/fixtures.js';
import { type FakeSlack, signSlack, startFakeSlack } from '../channels/fake-slack.js';
import { type FakeTelegram, startFakeTelegram } from '../channels/fake-telegram.js';
import { handledCount, testConfig, uniquePrefix, waitHandled } from '../helpers/app.js';

/**
 * Redis stopped under a running bot, then started again on the same port (issue #17). The suite
 * owns its redis-server (AOF on, in a temp dir) so it can stop it. Every request carries a 3 s
 * client timeout: the upper bound a person waits, not a speed measurement.
 */
const CLIENT_TIMEOUT_MS = 3000;
const QUESTION = '演讲比赛是几月份';
const UNAVAILABLE = '暂时无法处理，请稍后再试';

let dir: string;
let port: number;
let redis: EmbeddedRedis | null = null;
let app: App;
let url: string;
let tg: FakeTelegram;
let slack: FakeSlack;
const TG_SECRET = 'outage-tg-secret';
const SLACK_SECRET = 'outage-slack-secret';

interface ChatReply {
  text: string;
  citations?: unknown[];
}

async function chat(text: string, chatId = 'g1', userId = 'u1'): Promise<ChatReply[]> {
  const res = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chatId, userId, text }),
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  const json = (await res.json()) as { replies?: ChatReply[]; message?: string };
  if (!json.replies) throw new Error(`chat failed (${res.status}): ${json.message}`);
  return json.replies;
}

async function status(p: string): Promise<number> {
  return (await fetch(`${url}${p}`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) })).status;
}

async function outbox(chatId: string): Promise<{ text: string }[]> {
  const res = await fetch(`${url}/api/chat/updates?chatId=${chatId}`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
  return ((await res.json()) as { messages: { text: string }[] }).messages;
}

/** A Telegram private message through the webhook; resolves when the app has finished with it. */
async function telegram(text: string, updateId: number): Promise<string[]> {
  const before = tg.sent('sendMessage').length;
  const handled = await handledCount(app, 'telegram');
  const update = fixture('telegram', 'private_text');
  const message = { ...(update['message'] as Record<string, unknown>), text, entities: [] };
  const res = await fetch(`${url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
    body: JSON.stringify({ ...update, update_id: updateId, message }),
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  expect(res.status).toBe(200);
  await waitHandled(app, 'telegram', handled, { timeoutMs: CLIENT_TIMEOUT_MS });
  return tg.sent('sendMessage').slice(before).map((c) => String(c.body['text']));
}

/** A signed Slack Events API / slash command request; resolves with what the bot posted or responded. */
async function slackPost(body: string, type: string): Promise<string[]> {
  const before = slack.calls.length;
  const handled = await handledCount(app, 'slack');
  const res = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': type, ...signSlack(SLACK_SECRET, body) },
    body,
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  expect(res.status).toBe(200);
  await waitHandled(app, 'slack', handled, { timeoutMs: CLIENT_TIMEOUT_MS });
  return slack.calls
    .slice(before)
    .filter((c) => c.method === 'chat.postMessage' || c.method === 'response_url')
    .map((c) => String(c.body['text']));
}

let slackSeq = 0;
function slackDm(text: string): Promise<string[]> {
  const base = fixture('slack', 'event_dm_message');
  const event = { ...(base['event'] as Record<string, unknown>), text };
  return slackPost(JSON.stringify({ ...base, event_id: `EvOUT${++slackSeq}`, event }), 'application/json');
}

function slackCommand(command: string): Promise<string[]> {
  const fields = { ...fixture('slack', 'slash_command_whoami'), command, response_url: `${slack.url}/respond/outage` };
  const body = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)]));
  return slackPost(body.toString(), 'application/x-www-form-urlencoded');
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number, label: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ud-outage-redis-'));
  port = await freePort();
  redis = await startEmbeddedRedis({ dir, port, persist: true });
  tg = await startFakeTelegram();
  slack = await startFakeSlack();
  const config = testConfig({
    REDIS_URL: redis.url!,
    REDIS_PREFIX: uniquePrefix('outage'),
    ADMINS: 'web:boss',
    // The real clock: a reminder due between 22:00 and 08:00 Shanghai would wait for the morning.
    QUIET_HOURS: 'off',
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.url,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-outage',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: slack.apiUrl,
  });
  const target = { options: optionsFromUrl(redis.url!), stop: async () => {}, embedded: false };
  app = await createApp({ config, logger: createLogger('silent'), redisTarget: target, role: 'all' });
  url = (await app.start()) ?? '';
}, 60_000);

afterAll(async () => {
  try {
    // A failed run may leave Redis stopped: start it again so the app's workers can close cleanly,
    // and never wait on a stop that hangs (a request left open by a failure): our redis-server must go.
    redis ??= await startEmbeddedRedis({ dir, port, persist: true });
    await Promise.race([app?.stop(), new Promise((r) => setTimeout(r, 15_000))]);
    await tg?.close();
    await slack?.close();
  } finally {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 40_000);

describe('Redis stopped under a running bot', () => {
  it('keeps answering questions, refuses stateful commands at once, and resumes when Redis returns', async () => {
    expect(await status('/healthz')).toBe(200);
    expect(await status('/readyz')).toBe(200);
    const sub = await chat('/subscribe');
    expect(sub[0]!.text).toContain('已订阅');
    // A reminder that falls due while Redis is away (lead 21 s before a start 25 s from now).
    const start = new Date(Date.now() + 25_000).toISOString();
    await app.services.calendar.addEvent(
      { title: '停机演练', start, monthOnly: false, leadTimes: ['21s'], audience: [] },
      'test',
    );

    await redis!.stop();
    redis = null;
    const down = Date.now();

    expect(await status('/healthz')).toBe(503);
    expect(await status('/readyz')).toBe(503);
    // A question the in-memory index answers, in a new chat and in the subscribed one.
    const [a] = await chat(QUESTION, 'fresh', 'stranger');
    expect(a!.text).not.toContain('出了点问题');
    expect(a!.citations?.length).toBeGreaterThan(0);
    const [again] = await chat(QUESTION);
    expect(again!.citations?.length).toBeGreaterThan(0);
    // Commands that need neither Redis nor a role still run.
    expect((await chat(`/ask ${QUESTION}`, 'g3', 'u3'))[0]!.citations?.length).toBeGreaterThan(0);
    expect((await chat('/help', 'g3', 'u3'))[0]!.text).toContain('/ask');
    // Stateful commands: the clear message, never "internal", never a hang past the client timeout.
    for (const cmd of ['/report', '/subscribe', '/unsubscribe', '/events', '/event add 演讲比赛 6月10日上午9点']) {
      const replies = await chat(cmd, 'g2', cmd === '/event add 演讲比赛 6月10日上午9点' ? 'boss' : 'u2');
      expect(replies.map((r) => r.text).join('\n'), cmd).toContain(UNAVAILABLE);
    }
    // Telegram: the question answered, the same update again dropped (in-process dedupe), /report refused.
    const update = nextUpdateId();
    const tgAnswer = await telegram(QUESTION, update);
    expect(tgAnswer).toHaveLength(1);
    expect(tgAnswer[0]).toContain('演讲比赛');
    expect(tgAnswer[0]).not.toContain('出了点问题');
    const dupes = await handledCount(app, 'telegram', 'duplicate');
    expect(await telegram(QUESTION, update)).toEqual([]);
    expect(await handledCount(app, 'telegram', 'duplicate')).toBe(dupes + 1);
    expect((await telegram('/report', nextUpdateId())).join('\n')).toContain(UNAVAILABLE);
    // Slack: a DM question answered; the /report slash command (its modal needs the unit) refused clearly.
    const slackAnswer = await slackDm(QUESTION);
    expect(slackAnswer.join('\n')).toContain('演讲比赛');
    expect(slackAnswer.join('\n')).not.toContain('出了点问题');
    expect((await slackCommand('/report')).join('\n')).toContain(UNAVAILABLE);
    // Staff commands too: the admin's role cannot be read, so no "forbidden" either.
    const [bc] = await chat('/broadcast status', 'office', 'boss');
    expect(bc!.text).toContain(UNAVAILABLE);

    // Down for a few seconds (past the reminder's due time), then back on the same port with its AOF.
    await new Promise((r) => setTimeout(r, Math.max(0, 6000 - (Date.now() - down))));
    redis = await startEmbeddedRedis({ dir, port, persist: true });
    await until(async () => ((await status('/readyz')) === 200 ? true : undefined), 15_000, '/readyz 200');
    expect(await status('/healthz')).toBe(200);

    // Queued work resumes: the reminder that fell due during the outage reaches the subscribed chat.
    const msgs = await until(
      async () => {
        const m = await outbox('g1');
        return m.some((x) => x.text.includes('停机演练')) ? m : undefined;
      },
      20_000,
      'the reminder after the outage',
    );
    expect(msgs.filter((x) => x.text.includes('停机演练'))).toHaveLength(1);
    // The subscription confirmed before the outage is still there; commands work again.
    expect((await chat('/subscribe'))[0]!.text).not.toContain(UNAVAILABLE);
    expect((await chat('/events', 'g2', 'u2'))[0]!.text).not.toContain(UNAVAILABLE);
    const [back] = await chat(QUESTION);
    expect(back!.citations?.length).toBeGreaterThan(0);
  }, 90_000);

  it('a paused Redis (connections accepted, nothing answered): the same replies, within the client timeout', async () => {
    const info = await app.deps.redis.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)![1]);
    process.kill(pid, 'SIGSTOP');
    try {
      expect(await status('/healthz')).toBe(503);
      const [a] = await chat(QUESTION, 'paused', 'p1');
      expect(a!.citations?.length).toBeGreaterThan(0);
      for (const cmd of ['/subscribe', '/report']) {
        expect((await chat(cmd, 'paused', 'p1'))[0]!.text, cmd).toContain(UNAVAILABLE);
      }
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until(async () => ((await status('/readyz')) === 200 ? true : undefined), 15_000, '/readyz 200');
    expect((await chat('/subscribe', 'paused', 'p1'))[0]!.text).toContain('已订阅');
  }, 60_000);
});

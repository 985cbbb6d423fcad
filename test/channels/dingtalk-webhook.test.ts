import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/errors.js';
import { type TestApp, channelOf, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import {
  DT_GROUP,
  DT_USER,
  contentOf,
  deliver,
  dingtalkEnv,
  postCallback,
  robotMessage,
  texts,
  withText,
} from './dingtalk-helpers.js';
import { type FakeDingTalk, startFakeDingTalk } from './fake-dingtalk.js';

let dt: FakeDingTalk;
let t: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ud-dingtalk-'));
  dt = await startFakeDingTalk();
  t = await startTestApp({ ...dingtalkEnv(dt), ADMINS: `dingtalk:${DT_USER}`, DATA_DIR: dataDir });
});
afterAll(async () => {
  await t?.close();
  await dt?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('dingtalk HTTP callback (DINGTALK_MODE=webhook)', () => {
  it('answers a private /help through oToMessages/batchSend with a cached access token', async () => {
    const sent = await deliver(t, dt, robotMessage('private_text'));
    expect(sent).toHaveLength(1);
    const call = sent[0]!;
    expect(call.method).toBe('batchSend');
    expect(call.body['userIds']).toEqual([DT_USER]);
    expect(call.body['robotCode']).toBe('dingfaketestclient01');
    expect(texts(sent)).toContain('可用命令');
    await deliver(t, dt, robotMessage('private_text'));
    expect(dt.calls.filter((c) => c.method === 'token')).toHaveLength(1);
  });

  it('acks before the answer is sent: the 200 arrives while the send is still held', async () => {
    const release = dt.hold();
    const handled = await handledCount(t.app, 'dingtalk');
    const before = dt.sent().length;
    try {
      const res = await postCallback(t, robotMessage('private_text'));
      expect(res.status).toBe(200);
      await dt.waitFor('batchSend', before + 1);
      expect(await handledCount(t.app, 'dingtalk')).toBe(handled);
    } finally {
      release();
    }
    await waitHandled(t.app, 'dingtalk', handled);
  });

  it('answers a question with its citation as markdown', async () => {
    const sent = await deliver(t, dt, withText(robotMessage('private_text'), '演讲比赛是几月份？'), 15_000);
    const md = sent.map(contentOf).find((c) => c.key === 'sampleMarkdown');
    expect(md, texts(sent)).toBeDefined();
    expect(md!.text).toContain('📄');
    expect(md!.text).toContain('两争一树');
  });

  it('a forged, stale or unsigned callback is refused and does nothing', async () => {
    const before = dt.sent().length;
    const msg = robotMessage('private_text');
    expect((await postCallback(t, msg, { forge: true })).status).toBe(401);
    expect((await postCallback(t, msg, { timestamp: Date.now() - 2 * 3600_000 })).status).toBe(401);
    expect((await postCallback(t, msg, { timestamp: Date.now() + 2 * 3600_000 })).status).toBe(401);
    expect((await postCallback(t, msg, { unsigned: true })).status).toBe(401);
    // The same message, properly signed, is still new (the refused ones left no dedupe mark) and answered once.
    expect(await deliver(t, dt, msg)).toHaveLength(1);
    expect(dt.sent().length).toBe(before + 1);
  });

  it('a re-pushed callback (same msgId) is answered once, even when the pushes race', async () => {
    const msg = robotMessage('private_text');
    const handled = await handledCount(t.app, 'dingtalk');
    const dups = await handledCount(t.app, 'dingtalk', 'duplicate');
    const before = dt.sent().length;
    const res = await Promise.all([postCallback(t, msg), postCallback(t, msg), postCallback(t, msg)]);
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitHandled(t.app, 'dingtalk', handled, { count: 3 });
    expect(dt.sent().length).toBe(before + 1);
    expect(await handledCount(t.app, 'dingtalk', 'duplicate')).toBe(dups + 2);
  });

  it('in a group answers only when @-mentioned, to the group, with the mention stripped', async () => {
    const sent = await deliver(t, dt, robotMessage('group_mention'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('groupSend');
    expect(sent[0]!.body['openConversationId']).toBe(DT_GROUP);
    expect(texts(sent)).toContain(`dingtalk:${DT_USER}`);
    expect(await deliver(t, dt, withText(robotMessage('group_mention'), '@工会助手 /whoami'))).toHaveLength(1);
    expect(await deliver(t, dt, robotMessage('group_plain'))).toHaveLength(0);
    expect(
      await deliver(t, dt, robotMessage('group_plain', { isInAtList: false, text: { content: '/help' } })),
    ).toHaveLength(0);
  });

  it('choices go out as a numbered list, and a reply "1" comes back as the first choice', async () => {
    const ch = channelOf(t.app, 'dingtalk');
    const to = { channel: 'dingtalk' as const, chatId: `u.${DT_USER}` };
    const before = dt.sent().length;
    await ch.send(to, [
      {
        text: '提醒：本月报表还未提交。',
        choices: [
          { label: '稍后', value: 'nosuch:later' },
          { label: '现在填报', value: 'form:start' },
        ],
      },
    ]);
    const offer = contentOf(dt.sent()[before]!);
    expect(offer.key).toBe('sampleMarkdown');
    expect(offer.text).toMatch(/【1】稍后[\s\S]*【2】现在填报/);
    // "1" is the first choice's value as an action (an unknown one: the router says the button is stale).
    expect(texts(await deliver(t, dt, withText(robotMessage('private_text'), '1')))).toContain('按钮已经失效');
    // A number out of range, or with nothing offered, is plain text.
    expect(texts(await deliver(t, dt, withText(robotMessage('private_text'), '7')))).not.toContain('按钮已经失效');
  });

  it('maps a 429 to rate_limited (Retry-After), flow control to rate_limited, a robot not in the group to gone', async () => {
    const ch = channelOf(t.app, 'dingtalk');
    dt.failNext(
      429,
      { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超限' },
      { 'retry-after': '7' },
    );
    const limited = await ch
      .send({ channel: 'dingtalk', chatId: 'cidLimited==' }, [{ text: 'hi' }])
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(ChannelError);
    expect((limited as ChannelError).failure).toEqual({ kind: 'rate_limited', retryAfterMs: 7000 });
    dt.flowControl('staff-throttled');
    const flow = await ch
      .send({ channel: 'dingtalk', chatId: 'u.staff-throttled' }, [{ text: 'hi' }])
      .catch((e: unknown) => e);
    expect((flow as ChannelError).failure.kind).toBe('rate_limited');
    dt.removeBotFrom('cidGone==');
    const gone = await ch.send({ channel: 'dingtalk', chatId: 'cidGone==' }, [{ text: 'hi' }]).catch((e: unknown) => e);
    expect((gone as ChannelError).failure).toEqual({ kind: 'gone' });
  });

  it('/link works: a code issued on DingTalk links a web chat identity to the DingTalk person', async () => {
    const issued = texts(await deliver(t, dt, withText(robotMessage('private_text'), '/link')));
    const code = /([2-9A-HJ-NP-Z]{8})/.exec(issued)?.[1];
    expect(code, issued).toBeDefined();
    await t.chat({ text: `/link ${code}`, userId: 'dt-linked-web-user' });
    await deliver(t, dt, withText(robotMessage('private_text'), '/link 确认'));
    const who = await t.chat({ text: '/whoami', userId: 'dt-linked-web-user' });
    expect(who.map((r) => r.text).join('\n')).toContain(`dingtalk:${DT_USER}`);
  });
});

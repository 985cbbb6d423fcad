import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerView } from '../../src/core/answer-view.js';
import { type TestApp, channelOf, startTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ ADMINS: 'web:boss', MAX_INPUT_CHARS: '200' });
});
afterAll(async () => {
  await t.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('web chat HTTP API', () => {
  it('answers /help through POST /api/chat', async () => {
    const replies = await t.chat({ text: '/help' });
    expect(replies[0]!.text).toContain('可用命令');
    expect(replies[0]!.text).toContain('/help');
  });

  it('reports Redis health on /healthz and Prometheus figures on /metrics', async () => {
    const h = await fetch(`${t.url}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok', redis: 'ok' });
    await t.chat({ text: '/whoami' });
    const m = await (await fetch(`${t.url}/metrics`)).text();
    expect(m).toMatch(/union_desk_messages_total\{channel="web",route="command:whoami"\} \d+/);
    expect(m).toContain('union_desk_message_seconds_bucket');
  });

  it('answers empty and oversized input clearly, in Chinese', async () => {
    expect((await t.chat({ text: '   ' }))[0]!.text).toContain('没有收到内容');
    const long = await t.chat({ text: '字'.repeat(201) });
    expect(long[0]!.text).toContain('消息太长');
    expect(long[0]!.text).toContain('200');
  });

  it('rejects malformed requests with 400 and a bilingual message, never 500', async () => {
    const bad = await post({ chatId: 'a b', userId: 5 });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { message: string };
    expect(body.message).toContain('请求格式不正确');
    expect(body.message).toContain('Bad request');
    const notJson = await post('{not json');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toContain('bad request');
    const extra = await post({ chatId: 'a', userId: 'b', evil: true });
    expect(extra.status).toBe(400);
  });

  it('answers a question with its laid-out view: the rule first, then the article that states it', async () => {
    const [a] = await t.chat({ text: '演讲比赛是几月份' });
    const view = (a as unknown as { view: AnswerView }).view;
    expect(a!.answer).toEqual({ lang: 'zh' });
    expect(view.lead).toBe(a!.text);
    expect(view.source?.label).toBe('《无锡市两争一树活动意见》附件二 四、5');
    expect(view.labels).toEqual({ source: '出处', related: '相关条文', quote: '查看原文' });
    expect(a!.text).not.toContain('出处');
    const [refused] = await t.chat({ text: '明天无锡天气怎么样' });
    expect((refused as unknown as { view?: AnswerView }).view).toBeUndefined();
  });

  it('serves the web chat page', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('工会助手');
  });

  it('returns pushed messages from GET /api/chat/updates after a given id', async () => {
    await channelOf(t.app, 'web').send({ channel: 'web', chatId: 'room9' }, [{ text: '提醒一' }, { text: '提醒二' }]);
    const all = (await (await fetch(`${t.url}/api/chat/updates?chatId=room9`)).json()) as {
      messages: { id: number; text: string; at: string }[];
    };
    expect(all.messages.map((m) => m.text)).toEqual(['提醒一', '提醒二']);
    const after = all.messages[0]!.id;
    const rest = (await (await fetch(`${t.url}/api/chat/updates?chatId=room9&after=${after}`)).json()) as {
      messages: { text: string }[];
    };
    expect(rest.messages.map((m) => m.text)).toEqual(['提醒二']);
    expect((await fetch(`${t.url}/api/chat/updates`)).status).toBe(400);
  });
});

describe('web chat on a public address', () => {
  it('requires the Bearer token when HOST is not loopback', async () => {
    const pub = await startTestApp({ HOST: '0.0.0.0', WEB_CHAT_TOKEN: 'sesame-open-sesame-1' });
    try {
      const url = pub.url.replace('0.0.0.0', '127.0.0.1');
      const body = JSON.stringify({ chatId: 'c', userId: 'u', text: '/help' });
      const headers = { 'content-type': 'application/json' };
      expect((await fetch(`${url}/api/chat`, { method: 'POST', headers, body })).status).toBe(401);
      const ok = await fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { ...headers, authorization: 'Bearer sesame-open-sesame-1' },
        body,
      });
      expect(ok.status).toBe(200);
    } finally {
      await pub.close();
    }
  });

  it('turns the web chat off when HOST is public and no token is set', async () => {
    const off = await startTestApp({ HOST: '0.0.0.0' });
    try {
      const url = off.url.replace('0.0.0.0', '127.0.0.1');
      const res = await fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chatId: 'c', userId: 'u', text: '/help' }),
      });
      expect(res.status).toBe(403);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});

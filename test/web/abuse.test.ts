import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeConversationId } from '../../src/core/types.js';
import { type TestApp, fakeClock, startTestApp } from '../helpers/app.js';

describe('chat intake is rate-limited', () => {
  let t: TestApp;
  const clock = fakeClock('2026-11-20T02:00:10Z');
  beforeAll(async () => {
    t = await startTestApp(
      { ADMINS: 'web:boss', CHAT_RATE_PER_MINUTE: '5', CHAT_RATE_PER_IP_PER_MINUTE: '8' },
      { clock },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('per identity, on every channel: a friendly zh/en reply, staff exempt, the next minute open again', async () => {
    for (let i = 0; i < 5; i++) expect((await t.chat({ userId: 'flood', text: '/whoami' }))[0]!.text).toContain('web:flood');
    const [limited] = await t.chat({ userId: 'flood', text: '/whoami' });
    expect(limited!.text).toContain('太快');
    expect(limited!.text).toMatch(/\d+ 秒/);
    const [en] = await t.chat({ userId: 'flood', text: '/help', lang: 'en' });
    expect(en!.text).toContain('too fast');
    // another identity is not affected; staff are never limited
    expect((await t.chat({ userId: 'calm', text: '/whoami' }))[0]!.text).toContain('web:calm');
    for (let i = 0; i < 10; i++) expect((await t.chat({ userId: 'boss', text: '/whoami' }))[0]!.text).toContain('管理员');
    clock.advance(60_000);
    expect((await t.chat({ userId: 'flood', text: '/whoami' }))[0]!.text).toContain('web:flood');
  });

  it('per IP on the web page: fresh cookies (fresh identities) do not get around it', async () => {
    clock.advance(60_000);
    const statuses: number[] = [];
    let last: { replies?: { text: string }[] } = {};
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${t.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: '/help' }),
      });
      statuses.push(res.status);
      last = (await res.json()) as typeof last;
    }
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect(last.replies?.[0]?.text).toContain('太快');
  });
});

describe('web subscriptions lapse and are capped per identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEB_SUBS_PER_IDENTITY: '2', WEB_SUB_TTL_DAYS: '30', CHAT_RATE_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('one identity subscribes at most WEB_SUBS_PER_IDENTITY web chats; renewing one is fine', async () => {
    expect((await t.chat({ userId: 'many', chatId: 'a1', text: '/subscribe' }))[0]!.text).toContain('订阅');
    expect((await t.chat({ userId: 'many', chatId: 'a2', text: '/subscribe' }))[0]!.text).toContain('订阅');
    const capped = await t.chat({ userId: 'many', chatId: 'a3', text: '/subscribe' });
    expect(capped[0]!.text).toContain('上限');
    expect((await t.chat({ userId: 'many', chatId: 'a1', text: '/subscribe 活动' }))[0]!.text).not.toContain('上限');
    const subs = await t.app.services.calendar.listSubscriptions();
    expect(subs.map((s) => s.conv.chatId).sort()).toEqual(['a1', 'a2']);
  });

  it('a web subscription lives WEB_SUB_TTL_DAYS unless renewed; a lapsed one leaves the broadcast audience', async () => {
    const { redis, keys } = t.app.deps;
    const key = keys.subscription(encodeConversationId({ channel: 'web', chatId: 'a2' }));
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(30 * 86400 - 60);
    expect(ttl).toBeLessThanOrEqual(30 * 86400);
    await redis.pexpire(key, 1);
    await new Promise((r) => setTimeout(r, 20));
    const subs = await t.app.services.calendar.listSubscriptions();
    expect(subs.map((s) => s.conv.chatId)).toEqual(['a1']);
    expect(await redis.sismember(keys.subscriptions(), encodeConversationId({ channel: 'web', chatId: 'a2' }))).toBe(0);
    // its slot is free again
    expect((await t.chat({ userId: 'many', chatId: 'a3', text: '/subscribe' }))[0]!.text).not.toContain('上限');
  });
});

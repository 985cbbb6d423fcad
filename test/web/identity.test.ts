import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/core/types.js';
import { type TestApp, channelOf, startTestApp } from '../helpers/app.js';

const TOKEN = 'integration-secret-0123456789';

/** A browser: keeps the cookies the server sets, sends them back. */
function browser(base: string) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    open: async () => keep(await fetch(`${base}/`, { headers: { cookie: cookie() } })),
    say: async (text: string): Promise<Reply[]> => {
      const res = keep(
        await fetch(`${base}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: cookie() },
          body: JSON.stringify({ text }),
        }),
      );
      const json = (await res.json()) as { replies?: Reply[]; message?: string };
      if (!json.replies) throw new Error(`chat failed (${res.status}): ${json.message}`);
      return json.replies;
    },
    updates: async () =>
      (await (await fetch(`${base}/api/chat/updates?after=0`, { headers: { cookie: cookie() } })).json()) as {
        messages?: { text: string }[];
      },
  };
}

const whoami = async (b: ReturnType<typeof browser>) => (await b.say('/whoami'))[0]!.text;
const visitorIn = (text: string) => /web:(~[\w-]+)/.exec(text)?.[1];

describe('web chat identity on loopback', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMINS: 'web:boss' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the server issues each browser its identity in a signed HttpOnly cookie; typing "boss" gets nothing', async () => {
    const b = browser(t.url);
    const res = await b.open();
    const set = res.headers.getSetCookie().join('\n');
    expect(set).toMatch(/ud_visitor=~[\w-]{22}\.[\w%+/=-]+/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(await res.text()).not.toMatch(/localStorage\.ud_token|Bearer/);
    const me = await whoami(b);
    expect(visitorIn(me)).toMatch(/^~/);
    expect(me).toContain('职工');
    expect(await whoami(b)).toBe(me); // the same browser stays the same person
    // The page's body may not name a user or a chat.
    const sneaky = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `ud_visitor=${b.jar.get('ud_visitor')}` },
      body: JSON.stringify({ text: '/whoami', isGroup: true }),
    });
    expect(sneaky.status).toBe(400);
  });

  it('a forged or unsigned cookie is a new visitor, never the one it names', async () => {
    const a = browser(t.url);
    await a.open();
    const id = visitorIn(await whoami(a))!;
    const forged = browser(t.url);
    forged.jar.set('ud_visitor', id); // the bare id, no signature
    expect(visitorIn(await whoami(forged))).not.toBe(id);
    const tampered = browser(t.url);
    tampered.jar.set('ud_visitor', `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${a.jar.get('ud_visitor')!.split('.')[1]}`);
    expect(visitorIn(await whoami(tampered))).not.toBe(id.slice(0, -1));
  });

  it("a browser's outbox is readable only with its cookie; the integration API cannot name a visitor's chat", async () => {
    const a = browser(t.url);
    const b = browser(t.url);
    await a.open();
    await b.open();
    const idA = visitorIn(await whoami(a))!;
    await channelOf(t.app, 'web').send({ channel: 'web', chatId: idA }, [{ text: '只给A的提醒' }]);
    expect((await a.updates()).messages!.map((m) => m.text)).toEqual(['只给A的提醒']);
    expect((await b.updates()).messages).toEqual([]);
    const named = await fetch(`${t.url}/api/chat/updates?chatId=${encodeURIComponent(idA)}`);
    expect(named.status).toBe(400);
    const asVisitor = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: idA, userId: idA, text: '/whoami' }),
    });
    expect(asVisitor.status).toBe(400);
  });

  it('ADMINS=web:boss holds through the integration API, and a visitor gains a role only by /join', async () => {
    expect((await t.chat({ userId: 'boss', text: '/whoami' }))[0]!.text).toContain('管理员');
    const v = browser(t.url);
    await v.open();
    const id = visitorIn(await whoami(v))!;
    const refused = await t.chat({ userId: 'boss', text: `/role web:${id} admin` });
    expect(refused[0]!.text).toContain('网页访客');
    expect(await whoami(v)).toContain('职工');
    await t.chat({ userId: 'boss', text: '/unit add 惠山区测试公司 惠山区 企业' });
    const invite = await t.chat({ userId: 'boss', text: '/invite 惠山区测试公司' });
    const code = /[A-Z2-9]{8}/.exec(invite[0]!.text)![0];
    expect((await v.say(`/join ${code}`))[0]!.text).toContain('惠山区测试公司');
    expect(await whoami(v)).toContain('工会干部');
  });

  it('answers only the configured host names (DNS rebinding), health checks any', async () => {
    const server = t.app.server!;
    const evil = await server.inject({ url: '/', headers: { host: 'rebind.attacker.example:3000' } });
    expect(evil.statusCode).toBe(421);
    const evilApi = await server.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { host: 'rebind.attacker.example', 'content-type': 'application/json' },
      payload: { chatId: 'c', userId: 'boss', text: '/whoami' },
    });
    expect(evilApi.statusCode).toBe(421);
    expect((await server.inject({ url: '/healthz', headers: { host: '10.0.0.5:3000' } })).statusCode).toBe(200);
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:8080']) {
      expect((await server.inject({ url: '/', headers: { host } })).statusCode).toBe(200);
    }
  });
});

describe('web chat on a public host', () => {
  it('the page works without any token; the integration API needs WEB_CHAT_TOKEN', async () => {
    const pub = await startTestApp({ HOST: '0.0.0.0', PUBLIC_URL: 'https://chat.example.org', ADMINS: 'web:boss' });
    try {
      const server = pub.app.server!;
      const host = { host: 'chat.example.org' };
      const page = await server.inject({ url: '/', headers: host });
      expect(page.statusCode).toBe(200);
      const set = String(page.headers['set-cookie']);
      expect(set).toMatch(/Secure/);
      const cookie = set.split(';')[0]!;
      const said = await server.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { ...host, cookie, 'content-type': 'application/json' },
        payload: { text: '/help' },
      });
      expect(said.statusCode).toBe(200);
      expect(said.json().replies[0].text).toContain('可用命令');
      const updates = await server.inject({ url: '/api/chat/updates', headers: { ...host, cookie } });
      expect(updates.json()).toEqual({ messages: [] });
      const asBoss = await server.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { ...host, 'content-type': 'application/json' },
        payload: { chatId: 'c', userId: 'boss', text: '/whoami' },
      });
      expect(asBoss.statusCode).toBe(403);
      expect((await server.inject({ url: '/', headers: { host: 'localhost' } })).statusCode).toBe(200);
    } finally {
      await pub.close();
    }
    const withToken = await startTestApp({ HOST: '0.0.0.0', WEB_CHAT_TOKEN: TOKEN, ADMINS: 'web:boss' });
    try {
      const server = withToken.app.server!;
      const call = (authorization?: string) =>
        server.inject({
          method: 'POST',
          url: '/api/chat',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          payload: { chatId: 'c', userId: 'boss', text: '/whoami' },
        });
      expect((await call()).statusCode).toBe(401);
      expect((await call(`Bearer ${TOKEN.slice(0, -1)}x`)).statusCode).toBe(401);
      const ok = await call(`Bearer ${TOKEN}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().replies[0].text).toContain('管理员');
      expect((await server.inject({ url: '/' })).body).not.toContain(TOKEN);
    } finally {
      await withToken.close();
    }
  });

  it('refuses a short token or secret, and ADMINS naming a web visitor', () => {
    expect(() => loadConfig({ WEB_CHAT_TOKEN: 'change-me' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEB_COOKIE_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMINS: 'web:~abcdefghijklmnopqrstuv' })).toThrow(ConfigError);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, testRedis } from '../helpers/app.js';
import { ConsoleClient, addStaff } from './client.js';

const PASSWORD = 'correct-horse-battery';
let t: TestApp;
let ipSeq = 10;
const client = () => new ConsoleClient(t.url, `198.51.100.${ipSeq++}`);

beforeAll(async () => {
  t = await startTestApp();
  await addStaff(t, 'wang', PASSWORD);
});
afterAll(async () => t?.close());

describe('admin console: sign-in, sessions, CSRF', () => {
  it('redirects every console page to sign-in when there is no session', async () => {
    const c = client();
    for (const path of [
      '/admin',
      '/admin/reports',
      '/admin/calendar',
      '/admin/knowledge',
      '/admin/people',
      '/admin/reports/u1/2026-01',
    ]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    }
    const post = await c.post('/admin/calendar/broadcast/preview', { text: 'hi' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/admin/login');
  });

  it('serves the sign-in form with an HttpOnly SameSite=Lax cookie and a CSRF token', async () => {
    const res = await fetch(`${t.url}/admin/login`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('工会助手');
    expect(html).toMatch(/name="_csrf" value="[\w-]{43}"/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ud_admin='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses a sign-in POST without the CSRF token', async () => {
    const c = client();
    await c.get('/admin/login');
    const res = await c.post('/admin/login', { name: 'wang', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('CSRF');
    expect((await c.get('/admin')).status).toBe(302);
  });

  it('rejects a wrong password with a clear message and signs in with the right one', async () => {
    const c = client();
    const bad = await c.login('wang', 'not-the-password');
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('账号或密码不正确');
    const anonSid = c.cookies.get('ud_admin');
    const ok = await c.login('wang', PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin');
    expect(c.cookies.get('ud_admin')).not.toBe(anonSid); // a fresh id after sign-in
    const home = await c.get('/admin');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('wang');
    const r = testRedis();
    const ttl = await r.ttl(t.app.deps.keys.adminSession(c.cookies.get('ud_admin')!));
    r.disconnect();
    expect(ttl).toBeGreaterThan(12 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(12 * 3600);
  });

  it('says what is missing when the form is empty', async () => {
    const c = client();
    const token = await c.csrf('/admin/login');
    const res = await c.post('/admin/login', { _csrf: token, name: '', password: '' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('请输入账号和密码');
  });

  it('returns to the page asked for, but never to another site', async () => {
    const c = client();
    const token = await c.csrf('/admin/login?next=%2Fadmin%2Fpeople');
    const res = await c.post('/admin/login', { _csrf: token, name: 'wang', password: PASSWORD, next: '/admin/people' });
    expect(res.headers.get('location')).toBe('/admin/people');
    const c2 = client();
    const token2 = await c2.csrf('/admin/login');
    const evil = await c2.post('/admin/login', {
      _csrf: token2,
      name: 'wang',
      password: PASSWORD,
      next: '//evil.example/x',
    });
    expect(evil.headers.get('location')).toBe('/admin');
  });

  it('refuses a signed-in POST without or with a wrong CSRF token', async () => {
    const c = client();
    await c.login('wang', PASSWORD);
    const none = await c.post('/admin/logout', {});
    expect(none.status).toBe(403);
    const wrong = await c.post('/admin/logout', { _csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect((await c.get('/admin')).status).toBe(200); // still signed in
  });

  it('signs out: the session is gone and pages redirect again', async () => {
    const c = client();
    await c.login('wang', PASSWORD);
    const sid = c.cookies.get('ud_admin')!;
    const token = await c.csrf('/admin');
    const res = await c.post('/admin/logout', { _csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login');
    // even replaying the old cookie does not work
    c.cookies.set('ud_admin', sid);
    expect((await c.get('/admin')).status).toBe(302);
  });

  it('rate-limits sign-in per IP after 5 failures, even with the right password', async () => {
    const c = client();
    for (let i = 0; i < 5; i++) expect((await c.login('wang', `wrong-${i}`)).status).toBe(401);
    const blocked = await c.login('wang', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('尝试次数过多');
    const r = testRedis();
    const ttl = await r.ttl(t.app.deps.keys.loginAttempts(c.ip));
    r.disconnect();
    expect(ttl).toBeGreaterThan(0);
    // another IP is not affected
    expect((await client().login('wang', PASSWORD)).status).toBe(303);
  });

  it('answers an unknown console page with 404 once signed in (and a redirect before)', async () => {
    const c = client();
    expect((await c.get('/admin/nope')).status).toBe(302);
    await c.login('wang', PASSWORD);
    const res = await c.get('/admin/nope');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('没有这个页面');
    expect((await c.get('/admin/')).status).toBe(200);
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const c = client();
    await c.login('wang', PASSWORD);
    const en = await c.get('/admin?lang=en');
    expect(await en.text()).toContain('Overview');
    expect(c.cookies.get('ud_admin_lang')).toBe('en');
    expect(await (await c.get('/admin/people')).text()).toContain('People');
    await c.get('/admin?lang=zh');
    expect(await (await c.get('/admin')).text()).toContain('总览');
  });

  it('serves its CSS and JS locally without a session, and nothing else from static', async () => {
    const css = await fetch(`${t.url}/admin/static/admin.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const pagesCss = await fetch(`${t.url}/admin/static/admin-pages.css`);
    expect(pagesCss.status).toBe(200);
    expect(pagesCss.headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${t.url}/admin/static/admin.js`)).status).toBe(200);
    expect((await fetch(`${t.url}/admin/static/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('does not change the rest of the server (web chat still takes JSON)', async () => {
    const replies = await t.chat({ text: '/help' });
    expect(replies.length).toBeGreaterThan(0);
  });
});

describe('admin console behind https', () => {
  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const s = await startTestApp({ PUBLIC_URL: 'https://union.example.org' });
    try {
      const res = await fetch(`${s.url}/admin/login`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ud_admin='));
      expect(cookie).toMatch(/Secure/);
    } finally {
      await s.close();
    }
  });
});

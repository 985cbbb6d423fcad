import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, testRedis } from '../helpers/app.js';
import { ConsoleClient, addStaff } from './client.js';

const PASSWORD = 'correct-horse-battery';
let t: TestApp;
let ipSeq = 10;
const client = () => new ConsoleClient(t.url, `192.0.2.${ipSeq++}`);

beforeAll(async () => {
  t = await startTestApp();
  await addStaff(t, 'zhou', PASSWORD);
  await addStaff(t, 'wu', PASSWORD);
  await addStaff(t, 'zheng', PASSWORD);
});
afterAll(async () => t?.close());

async function sessionKeys(): Promise<number> {
  const r = testRedis();
  try {
    return (await r.keys(`${t.app.deps.keys.adminSession('')}*`)).length;
  } finally {
    r.disconnect();
  }
}

describe('console sessions end with their account', () => {
  it('removing the account ends its session at once', async () => {
    const c = client();
    expect((await c.login('zhou', PASSWORD)).status).toBe(303);
    expect((await c.get('/admin')).status).toBe(200);
    await t.app.services.staff.remove('zhou');
    expect((await c.get('/admin')).status).toBe(302);
    expect((await c.get('/admin/login')).status).toBe(200); // no redirect loop
  });

  it('changing the password ends the sessions signed in with the old one', async () => {
    const c = client();
    await c.login('wu', PASSWORD);
    const sid = c.cookies.get('ud_admin')!;
    expect((await c.get('/admin')).status).toBe(200);
    await t.app.services.staff.setPassword('wu', 'another-long-password');
    expect((await c.get('/admin')).status).toBe(302);
    const r = testRedis();
    expect(await r.exists(t.app.deps.keys.adminSession(sid))).toBe(0);
    r.disconnect();
    const again = client();
    expect((await again.login('wu', 'another-long-password')).status).toBe(303);
    expect((await again.get('/admin')).status).toBe(200);
  });
});

describe('the sign-in form stores nothing for strangers', () => {
  it('cookieless GET /admin/login writes no session; its token still signs in', async () => {
    const before = await sessionKeys();
    await Promise.all(Array.from({ length: 200 }, () => fetch(`${t.url}/admin/login`)));
    expect(await sessionKeys()).toBe(before);
    const c = client();
    expect((await c.login('zheng', PASSWORD)).status).toBe(303);
    // A token from another browser's form does not match this cookie.
    const other = client();
    const token = await other.csrf('/admin/login');
    const c2 = client();
    await c2.get('/admin/login');
    expect((await c2.post('/admin/login', { _csrf: token, name: 'zheng', password: PASSWORD })).status).toBe(403);
  });
});

describe('sign-in brute force', () => {
  it('parallel wrong passwords from one IP: at most 5 are checked', async () => {
    const ip = '192.0.2.200';
    const tries = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const c = new ConsoleClient(t.url, ip);
        return (await c.login('zheng', `wrong-password-${i}`)).status;
      }),
    );
    expect(tries.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(tries.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
  });

  it('rotating X-Forwarded-For does not help: the account is limited too', async () => {
    await addStaff(t, 'feng', PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await client().login('feng', `wrong-${i}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect((await client().login('feng', PASSWORD)).status).toBe(429);
  });

  it('/admin/static/constructor is a 404, not a 500', async () => {
    for (const f of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect((await fetch(`${t.url}/admin/static/${f}`)).status, f).toBe(404);
    }
  });
});

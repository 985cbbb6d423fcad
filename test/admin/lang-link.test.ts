import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { langHref } from '../../src/web/admin/context.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { ConsoleClient, addStaff } from './client.js';

const PASSWORD = 'correct-horse-battery';
let t: TestApp;
let c: ConsoleClient;

beforeAll(async () => {
  t = await startTestApp();
  await addStaff(t, 'li', PASSWORD, 'admin');
  c = new ConsoleClient(t.url, '192.0.2.31');
  expect((await c.login('li', PASSWORD)).status).toBe(303);
});
afterAll(async () => {
  await t?.close();
});

/** A raw request line (fetch would normalise `\` and `..` the way a browser does; a script need not). */
function rawGet(target: string, cookie: string): Promise<string> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () =>
      sock.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      data += d;
    });
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
  });
}

/** The language link's target, its HTML escaping undone. */
const switchOf = (page: string) => {
  const m = /<a class="lang" href="([^"]*)"/.exec(page)?.[1];
  return m === undefined ? null : m.replace(/&amp;/g, '&');
};
const cookie = () => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('the language link', () => {
  it('never leads off the console: `\\` and `..` in a path that a route accepts give /admin', async () => {
    // The event page's :id takes one segment, and `\` is no separator for the router, but the URL
    // parser reads `..\..\..\\evil.com` as three steps up and then //evil.com.
    const res = await rawGet('/admin/calendar/..\\..\\..\\\\evil.example', cookie());
    expect(res).toMatch(/^HTTP\/1\.1 404/);
    const href = switchOf(res);
    expect(href).toBe('/admin?lang=en');
  });

  it('keeps the page and the parameters it reads, re-encoded, and drops the rest', async () => {
    const res = await c.get('/admin/reports?months=3&district=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&evil=%3Cb%3E');
    const page = await res.text();
    const href = switchOf(page);
    expect(href).not.toBeNull();
    expect(href).toMatch(/^\/admin\/reports\?/);
    const q = new URLSearchParams(href!.split('?')[1]);
    expect(q.get('months')).toBe('3');
    expect(q.get('district')).toBe('"><script>alert(1)</script>');
    expect(q.get('lang')).toBe('en');
    expect(q.has('evil')).toBe(false);
    expect(page).not.toContain('<script>alert');
  });

  it.each([
    ['//evil.example/x', '/admin?lang=en'],
    ['/\\evil.example', '/admin?lang=en'],
    ['http://evil.example/admin', '/admin?lang=en'],
    ['/admin/../..//evil.example', '/admin?lang=en'],
    ['/admin/%2e%2e/%2E%2E//evil.example', '/admin?lang=en'],
    ['/admin//evil.example', '/admin?lang=en'],
    ['/admin/"><script>', '/admin?lang=en'],
    ['/admin/login?next=//evil.example', '/admin/login?next=%2F%2Fevil.example&lang=en'],
    ['/admin/reports/u-1/2026-11?lang=zh', '/admin/reports/u-1/2026-11?lang=en'],
    ['/admin', '/admin?lang=en'],
  ])('%s → %s', (path, want) => {
    expect(langHref(path, 'en')).toBe(want);
  });
});

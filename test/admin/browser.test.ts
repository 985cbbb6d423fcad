import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, fakeClock, startTestApp } from '../helpers/app.js';
import { addStaff } from './client.js';
import { seedForms, tempCorpus } from './seed.js';

/** Debian's chromium; CI installs it with .ci/install-chromium.sh. Missing = a failing test, never a skip. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SHOTS = path.resolve('screenshots/admin');
const PASSWORD = 'browser-test-password';

let t: TestApp;
let corpus: string;
let browser: Browser;
let page: Page;
let units: Awaited<ReturnType<typeof seedForms>>;

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: run "bash .ci/install-chromium.sh" (apt-get install chromium) or set CHROMIUM_PATH. The admin browser tests need a real headless Chromium.`,
    );
  }
  mkdirSync(SHOTS, { recursive: true });
  corpus = tempCorpus();
  t = await startTestApp({ CORPUS_DIRS: corpus }, { clock: fakeClock('2026-11-20T02:00:00Z') });
  units = await seedForms(t);
  await t.app.services.calendar.subscribe({ channel: 'telegram', chatId: '-100777' }, []);
  await addStaff(t, 'chen', PASSWORD, 'admin');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (corpus) rmSync(corpus, { recursive: true, force: true });
});

describe('admin console in headless Chromium', () => {
  it('redirects to sign-in without a session, then signs in', async () => {
    await page.goto(`${t.url}/admin/reports`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await shot('01-login');
    await page.fill('input[name=name]', 'chen');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL('**/admin/reports'), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('填报');
  });

  it('renders the overview charts', async () => {
    await page.goto(`${t.url}/admin`);
    const line = page.locator('svg.chart polyline.series').first();
    await line.waitFor({ state: 'visible' });
    const box = await line.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(50);
    expect(await page.locator('svg.chart').count()).toBe(5);
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('[data-rate]')).toBe('67%');
    await shot('02-overview');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('02-overview-phone');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390); // no sideways scrolling on a phone
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('opens a report from the matrix and shows its history', async () => {
    await page.goto(`${t.url}/admin/reports`);
    await shot('03-reports');
    await Promise.all([
      page.waitForURL(`**/admin/reports/${units.b.id}/2026-11`),
      page.click(`a[href="/admin/reports/${units.b.id}/2026-11"]`),
    ]);
    expect(await page.locator('table.history thead th').count()).toBe(3); // field + v2 + v1
    expect(await page.textContent('main')).toContain('web:officer2');
    await shot('04-report-detail');
  });

  it('adds an event and previews a broadcast', async () => {
    await page.goto(`${t.url}/admin/calendar`);
    await page.fill('#add-event input[name=title]', '十二月职工技能竞赛');
    await page.fill('#add-event input[name=start]', '2026-12-10T09:00');
    await page.fill('#add-event input[name=place]', '无锡市职工培训中心');
    await Promise.all([page.waitForURL(/\/admin\/calendar\/\w+$/), page.click('#add-event button[type=submit]')]);
    expect(await page.textContent('.flash')).toContain('十二月职工技能竞赛');
    expect(await page.textContent('main')).toContain('telegram:-100777');
    await shot('05-event');
    await page.goto(`${t.url}/admin/calendar`);
    expect(await page.textContent('table.events')).toContain('十二月职工技能竞赛');
    const notice = '请各单位于本月25日前完成月报填报。';
    await page.fill('#broadcast textarea[name=text]', notice);
    expect(await page.textContent('#bc-count')).toBe(String(notice.length)); // the small script runs
    await Promise.all([
      page.waitForURL('**/admin/calendar/broadcast/preview'),
      page.click('#broadcast button[type=submit]'),
    ]);
    expect(await page.textContent('[data-recipients]')).toBe('1');
    expect(await page.textContent('#broadcast-preview')).toContain(notice);
    await shot('06-broadcast-preview');
    await page.goto(`${t.url}/admin/calendar`);
    await shot('07-calendar');
  });

  it('tries a question and shows the answer with citations', async () => {
    await page.goto(`${t.url}/admin/knowledge`);
    await page.fill('input[name=q]', '学习型企业要建设多少个？');
    await Promise.all([page.waitForURL('**/admin/knowledge/ask'), page.click('#try button[type=submit]')]);
    const answer = page.locator('#qa-answer');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('1000');
    expect(await page.locator('#qa-answer ol.citations li').count()).toBeGreaterThan(0);
    await shot('08-knowledge');
  });

  it('shows people and switches to English', async () => {
    await page.goto(`${t.url}/admin/people`);
    await shot('09-people');
    await page.click('a.lang');
    expect(await page.textContent('h1')).toBe('People');
    await page.goto(`${t.url}/admin`);
    expect(await page.textContent('h1')).toBe('Overview'); // remembered in a cookie
    await shot('10-overview-en');
    await page.goto(`${t.url}/admin?lang=zh`);
  });

  it('refuses a POST without the CSRF token even with a valid session', async () => {
    const status = await page.evaluate(async () => {
      const res = await fetch('/admin/calendar/broadcast/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'text=hello',
      });
      return res.status;
    });
    expect(status).toBe(403);
  });

  it('signs out, after which the console redirects to sign-in', async () => {
    await page.goto(`${t.url}/admin`);
    await Promise.all([page.waitForURL('**/admin/login'), page.click('form[action="/admin/logout"] button')]);
    await page.goto(`${t.url}/admin/calendar`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'ud_admin');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    await shot('11-signed-out');
  });
});

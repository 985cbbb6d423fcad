import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../admin/client.js';
import { feedbackCorpus } from '../feedback/helpers.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/browser.js';

/**
 * The whole loop through the real pieces — Redis, the web chat and the console in headless Chromium:
 * a worker's question the corpus misses → 没用 → 待处理问题 → staff attach the article → the worker and
 * another worker asking in other words get the office's answer → withdrawn, the normal answer returns.
 */
const HEP = '体检查出乙肝，厂里就不要我了，这样合法吗？';
const HEP_OTHER_WORDS = '查出乙肝，厂里不录用我合法吗';
const PASSWORD = 'feedback-loop-password';
const SHOTS = path.resolve('screenshots/feedback');

let t: TestApp;
let dirs: ReturnType<typeof feedbackCorpus>;
let browser: Browser;
const contexts: BrowserContext[] = [];
let worker1: Page;
let worker2: Page;
let staff: Page;
let normalAnswer = '';

async function newPage(): Promise<Page> {
  const c = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: 'zh-CN' });
  contexts.push(c);
  return c.newPage();
}

/** Ask in the web chat page and return the bot's answer bubble. */
async function ask(page: Page, text: string) {
  const before = await page.locator('.msg').count();
  await page.fill('#t', text);
  await page.press('#t', 'Enter');
  await page
    .locator('.msg')
    .nth(before + 1)
    .waitFor();
  return page.locator('.msg.bot').last();
}

beforeAll(async () => {
  dirs = feedbackCorpus();
  t = await startTestApp({ CORPUS_DIRS: dirs.corpus, DATA_DIR: dirs.data });
  await addStaff(t, 'chen', PASSWORD, 'staff');
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  worker1 = await newPage();
  worker2 = await newPage();
  staff = await newPage();
  await staff.setViewportSize({ width: 1280, height: 900 });
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
  dirs?.cleanup();
});

describe('answers that get better with use', () => {
  it('a worker asks a question the corpus misses and presses 没用, with a reason', async () => {
    await worker1.goto(t.url);
    const bot = await ask(worker1, HEP);
    expect(await bot.locator('.confirmed').count()).toBe(0);
    normalAnswer = (await bot.locator('.lead').count())
      ? ((await bot.locator('.lead').textContent()) ?? '')
      : ((await bot.textContent()) ?? '');
    const before = await worker1.locator('.msg').count();
    await bot.locator('button.choice', { hasText: '没用' }).click();
    await worker1
      .locator('.msg')
      .nth(before + 1)
      .waitFor();
    expect(await worker1.locator('.msg.bot').last().textContent()).toContain('哪里不对');
    const saved = await ask(worker1, '说的不是我这种情况');
    expect(await saved.textContent()).toBe('已记下，谢谢！');
  });

  it('staff see it under 待处理问题, attach the right article and save', async () => {
    await staff.goto(`${t.url}/admin/pending`);
    await staff.fill('input[name=name]', 'chen');
    await staff.fill('input[name=password]', PASSWORD);
    await Promise.all([staff.waitForURL('**/admin/pending'), staff.click('button[type=submit]')]);
    const row = staff.locator('table.pending tbody tr', { hasText: HEP });
    expect(await row.locator('[data-count]').textContent()).toBe('1');
    expect(await row.textContent()).toContain('没用');
    expect(await row.textContent()).toContain('说的不是我这种情况');
    await staff.screenshot({ path: path.join(SHOTS, '01-pending.png'), fullPage: true });
    await Promise.all([staff.waitForURL(/\/admin\/pending\/\w+$/), row.locator('a').click()]);
    // The asker appears only as a salted hash.
    expect(await staff.textContent('[data-who]')).toMatch(/^[0-9a-f]{16}\s*$/);
    expect(await staff.textContent('main')).not.toContain(await worker1.evaluate('localStorage.ud_user'));
    await staff.fill('#search input[name=q]', '传染病病原携带者 拒绝录用');
    await Promise.all([staff.waitForURL(/\?q=/), staff.click('#search form[method=get] button')]);
    const pick = staff.locator('input[name=p][value="就业促进法(2015-04-24)|第三十条"]');
    await pick.check();
    await staff.screenshot({ path: path.join(SHOTS, '02-curate.png'), fullPage: true });
    await Promise.all([staff.waitForURL('**/admin/pending'), staff.click('#curate button[type=submit]')]);
    expect(await staff.textContent('.flash')).toContain('已保存确认答案');
    expect(await staff.locator('table.pending').textContent()).not.toContain(HEP);
    expect(await staff.locator('table.pairs tbody tr', { hasText: HEP }).textContent()).toContain('使用中');
  });

  it('the worker, and a different worker asking in other words, now get the curated answer with its citation', async () => {
    for (const [page, q] of [
      [worker1, HEP],
      [worker2, HEP_OTHER_WORDS],
    ] as const) {
      if (page === worker2) await worker2.goto(t.url);
      const bot = await ask(page, q);
      expect(await bot.locator('.confirmed').textContent()).toContain('已经工会办公室确认');
      expect(await bot.locator('.source').textContent()).toBe('出处：《就业促进法》第三十条');
      expect(await bot.locator('.lead').textContent()).toBe('用人单位招用人员，不得以是传染病病原携带者为由拒绝录用。');
      expect(await bot.locator('details.quote blockquote').textContent()).toContain(
        '经医学鉴定传染病病原携带者在治愈前',
      ); // the article, folded
      expect(await bot.locator('button.choice').allTextContents()).toEqual(['👍 有用', '👎 没用']);
    }
    await worker2.screenshot({ path: path.join(SHOTS, '03-curated-answer.png'), fullPage: true });
  });

  it('staff withdraw it and the normal answer returns', async () => {
    await staff.goto(`${t.url}/admin/pending`);
    const row = staff.locator('table.pairs tbody tr', { hasText: HEP });
    await Promise.all([staff.waitForURL('**/admin/pending'), row.locator('button', { hasText: '撤回' }).click()]);
    expect(await staff.textContent('.flash')).toContain('已撤回');
    expect(await staff.locator('table.pairs tbody tr', { hasText: HEP }).textContent()).toContain('已撤回');
    const bot = await ask(worker1, HEP);
    expect(await bot.locator('.confirmed').count()).toBe(0);
    const now = (await bot.locator('.lead').count())
      ? await bot.locator('.lead').textContent()
      : await bot.textContent();
    expect(now).toBe(normalAnswer);
  });

  it('the overview counts the week’s answered, refused, 有用 and 没用', async () => {
    await staff.goto(`${t.url}/admin`);
    const week = staff.locator('#qa-weeks tbody tr').first();
    expect(Number(await week.locator('[data-col=down]').textContent())).toBe(1);
    expect(Number(await week.locator('[data-col=curated]').textContent())).toBe(2);
    const total =
      Number(await week.locator('[data-col=answered]').textContent()) +
      Number(await week.locator('[data-col=refused]').textContent());
    expect(total).toBe(4);
    await staff.screenshot({ path: path.join(SHOTS, '04-overview.png'), fullPage: true });
  });
});

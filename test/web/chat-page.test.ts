import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerView } from '../../src/core/answer-view.js';
import { OVERTIME } from '../core/answer-fixtures.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/browser.js';

let t: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'zh-CN' });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function ask(text: string): Promise<void> {
  const before = await page.locator('.msg').count();
  await page.fill('#t', text);
  await page.press('#t', 'Enter');
  await page
    .locator('.msg')
    .nth(before + 1)
    .waitFor();
}

describe('the web chat page shows an answer the way it reads best', () => {
  it('the rule first, the source, the article folded in a <details>, related articles under 相关条文', async () => {
    // The page's layout, with a whole article as the Q&A quotes it (the reply the server would send).
    await page.route('**/api/chat', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ replies: [{ ...OVERTIME, view: answerView(OVERTIME) }] }),
      }),
    );
    await page.goto(t.url);
    await ask('加班费怎么算');
    const bot = page.locator('.msg.bot').last();
    expect(await bot.locator('.lead').textContent()).toBe(OVERTIME.text);
    expect(await bot.locator('.source').textContent()).toBe('出处：《劳动法》第四十四条');
    const quote = bot.locator('.source + details.quote');
    expect(await quote.getAttribute('open')).toBeNull(); // folded until opened
    expect(await quote.locator('blockquote').isVisible()).toBe(false);
    await quote.locator('summary').click();
    expect(await quote.locator('blockquote').isVisible()).toBe(true);
    expect(await quote.locator('summary').textContent()).toBe('查看原文');
    expect(await bot.locator('.related h4').textContent()).toBe('相关条文');
    expect(await bot.locator('.related summary').allTextContents()).toEqual(['《劳动法》第四十一条']);
    // The article is on the page once (folded), not again in a list of sources.
    const all = (await bot.textContent()) ?? '';
    expect(all.split('百分之三百').length - 1).toBe(1);
    await page.unroute('**/api/chat');
  });

  it('through the real server: a question answered from the corpus is laid out the same way', async () => {
    await page.goto(t.url);
    await ask('演讲比赛是几月份');
    const bot = page.locator('.msg.bot').last();
    expect(await bot.locator('.source').textContent()).toBe('出处：《无锡市两争一树活动意见》附件二 四、5');
    expect(await bot.locator('.lead').textContent()).not.toContain('出处');
    await ask('明天无锡天气怎么样');
    expect(await page.locator('.msg.bot').last().locator('.source').count()).toBe(0);
  });
});

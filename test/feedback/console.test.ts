import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient, addStaff } from '../admin/client.js';
import { type TestApp, fakeClock, startTestApp } from '../helpers/app.js';
import { feedbackButtons, feedbackCorpus } from './helpers.js';

/** The console page 待处理问题 over HTTP: grouping, counts, newest first, curating errors, CSRF, English. */
const PASSWORD = 'pending-page-password';
let t: TestApp;
let dirs: ReturnType<typeof feedbackCorpus>;
let c: ConsoleClient;
const clock = fakeClock('2026-11-20T02:00:00Z');

beforeAll(async () => {
  dirs = feedbackCorpus();
  t = await startTestApp({ CORPUS_DIRS: dirs.corpus, DATA_DIR: dirs.data }, { clock });
  await addStaff(t, 'li', PASSWORD, 'staff');
  c = new ConsoleClient(t.url, '192.0.2.77');
  expect((await c.login('li', PASSWORD)).status).toBe(303);
});
afterAll(async () => {
  await t?.close();
  dirs?.cleanup();
});

const page = async (path: string, status = 200) => {
  const res = await c.get(path);
  expect(res.status, path).toBe(status);
  return res.text();
};
const downVote = async (userId: string, text: string) => {
  const { down } = feedbackButtons(await t.chat({ userId, chatId: `c-${userId}`, text }));
  await t.chat({ userId, chatId: `c-${userId}`, action: down });
  clock.advance(60_000);
  return down.slice(5);
};

describe('待处理问题', () => {
  it('groups similar wordings with counts, newest group first', async () => {
    await downVote('a', '体检查出乙肝，厂里就不要我了，这样合法吗？');
    await downVote('b', '查出乙肝，厂里不录用我合法吗');
    await t.chat({ userId: 'c', chatId: 'c-c', text: '无锡明天限行吗' }); // refused: queued by itself
    clock.advance(60_000);
    const html = await page('/admin/pending');
    const rows = [...html.matchAll(/<tr data-group="(\w+)"><td><a href="\/admin\/pending\/\w+">([^<]+)<\/a>[\s\S]*?data-count>(\d+)</g)].map((m) => [m[2], m[3]]);
    expect(rows).toEqual([
      ['无锡明天限行吗', '1'],
      ['查出乙肝，厂里不录用我合法吗', '2'],
    ]);
    expect(html).toContain('另有 1 种问法');
    expect(html).toContain('未找到');
  });

  it('refuses a curated answer without an article, and a POST without the CSRF token', async () => {
    const id = /<tr data-group="(\w+)"><td><a href="\/admin\/pending\/\w+">查出乙肝/.exec(await page('/admin/pending'))![1]!;
    const item = await page(`/admin/pending/${id}?q=${encodeURIComponent('传染病病原携带者')}`);
    expect(item).toContain('《就业促进法》第三十条');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(item)![1]!;
    const none = await c.post(`/admin/pending/${id}/curate`, { _csrf: csrf, answer: '可以' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('请至少勾选一条条文');
    expect((await c.post(`/admin/pending/${id}/curate`, { p: '就业促进法(2015-04-24)|第三十条' })).status).toBe(403);
    const ok = await c.post(`/admin/pending/${id}/curate`, { _csrf: csrf, p: '就业促进法(2015-04-24)|第三十条', answer: '' });
    expect(ok.status).toBe(303);
    const after = await page('/admin/pending');
    expect(after).toContain('已保存确认答案（第 1 版）');
    expect(after).not.toContain('data-count>2<');
    expect(after).toMatch(/使用中[\s\S]*v1 · li/);
  });

  it('shows the week’s figures on the overview and the page in English', async () => {
    const overview = await page('/admin');
    expect(overview).toMatch(/data-col="down">2</);
    expect(Number(/data-col="refused">(\d+)</.exec(overview)?.[1])).toBeGreaterThanOrEqual(1); // 限行 at least
    const en = await page('/admin/pending?lang=en');
    expect(en).toContain('Pending questions');
    expect(en).toContain('Confirmed answers');
    expect(await page('/admin/pending/nosuch', 404)).toContain('<main>');
  });
});

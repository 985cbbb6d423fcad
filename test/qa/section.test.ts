import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parentLocator } from '../../src/qa/answer-section.js';
import { createQaService, type QaService } from '../../src/qa/index.js';
import { LAWS_DIR, SEED_DIR, silent, tempDir } from './helpers.js';

describe('whole-section list answers', () => {
  it('finds the section of an item locator', () => {
    expect(parentLocator('附件二 二、1')).toBe('附件二 二');
    expect(parentLocator('四（确立先进理念）')).toBe('四');
    expect(parentLocator('三、(一)')).toBe('三');
    expect(parentLocator('第四十四条')).toBeNull();
    expect(parentLocator('开篇')).toBeNull();
  });

  let qa: QaService;
  const cache = tempDir('section');
  beforeAll(async () => {
    qa = await createQaService({
      corpusDirs: [SEED_DIR, LAWS_DIR],
      cacheDir: (await cache).dir,
      logger: silent,
      llm: null,
    });
  });
  afterAll(async () => {
    await qa.close();
    await (await cache).cleanup();
  });

  it('enumerates the items of a section, each with its locator, and cites the section once', async () => {
    const a = await qa.answer('开展两争一树活动的方法途径有哪些');
    expect(a.refused).toBe(false);
    expect(a.citations[0]).toMatchObject({ doc: '无锡市两争一树活动意见(2006)', locator: '四' });
    for (const item of ['确立先进理念', '创新学习载体', '拓宽学习领域', '突出工作重点', '整合各方资源'])
      expect(a.answer).toContain(`（四（${item}））`);
    expect(a.citations.filter((c) => c.locator.startsWith('四（'))).toHaveLength(0);
  });

  it('answers with the item headings when the question counts them', async () => {
    const a = await qa.answer('工作要点里的工作重点分别是什么');
    expect(a.citations[0]?.locator).toBe('附件二 二');
    for (const item of ['加大思想教育力度', '加大职业培训力度', '加大分类指导力度', '加大职工参与力度'])
      expect(a.answer).toContain(item);
  });

  it('keeps one article when the list is inside it (a law article with its items)', async () => {
    const a = await qa.answer('劳动合同应当具备哪些条款');
    expect(a.citations[0]?.locator).toMatch(/^第.+条$/);
    expect(a.answer).toContain('劳动合同期限');
  });
});

import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/qa/build-index.js';
import { candidates, FEATURES } from '../../src/qa/features.js';
import { Bm25Index } from '../../src/qa/index-bm25.js';
import { buildQuery } from '../../src/qa/query.js';
import type { Passage } from '../../src/qa/types.js';

/** The mechanism on a small fixture: expansion questions are searchable and feed the `ask` feature. */
const passages: Passage[] = [
  {
    doc: '示例法',
    title: '示例法',
    locator: '第一条',
    heading: '',
    text: '用人单位安排劳动者延长工作时间的，应当支付不低于工资的百分之一百五十的工资报酬。',
    asks: '周末被叫去干活钱怎么给\nHow much extra pay for overtime work?',
  },
  { doc: '示例法', title: '示例法', locator: '第二条', heading: '', text: '用人单位应当按月支付工资。' },
];
const state = { passages, index: new Bm25Index(buildIndex(passages)) };

describe('expansion questions (src/qa/expansions.ts, the asks field)', () => {
  it('a word only the expansion questions use finds the passage (Chinese and English)', () => {
    for (const q of ['周末干活', 'overtime']) {
      const hits = state.index.search(buildQuery(state.index, q, null).terms, 5);
      expect(hits.map((h) => h.passage)).toEqual([0]);
    }
  });

  it('English words are search terms with the plural -s dropped, never key words', () => {
    const q = buildQuery(state.index, 'overtimes works', null);
    expect(q.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['overtime', 'work']));
    expect(q.keys).toEqual([]);
  });

  it('the ask feature is the key-word coverage of the expansion questions; 0 without them', () => {
    const j = FEATURES.indexOf('ask');
    const f = new Map(
      candidates(state, buildQuery(state.index, '周末干活钱怎么给', null)).map((c) => [c.passage.locator, c.f[j]]),
    );
    expect(f.get('第一条')).toBeGreaterThan(0.5);
    expect(f.get('第二条') ?? 0).toBe(0);
  });
});

describe('the shipped expansion questions (src/qa/expansions/*.json, product data)', () => {
  it('cover every document of the corpus, every substantive passage, and name only real passages', async () => {
    const { loadFile, listCorpus } = await import('../../src/qa/load.js');
    const { expansionFiles } = await import('../../src/qa/expansions.js');
    const { LAWS_DIR, SEED_DIR } = await import('./helpers.js');
    const files = expansionFiles();
    const byDoc = new Map(files.map((f) => [f.doc, f]));
    const docs = await listCorpus([SEED_DIR, LAWS_DIR]);
    expect(docs.length).toBe(21);
    for (const d of docs) {
      const f = byDoc.get(d.doc);
      expect(f, d.doc).toBeDefined();
      const { passages } = await loadFile(d);
      const locators = new Set(passages.map((p) => p.locator));
      for (const loc of Object.keys(f?.passages ?? {})) expect(locators.has(loc), `${d.doc} ${loc}`).toBe(true);
      const substantive = passages.filter((p) => p.text.length >= 60);
      const covered = substantive.filter((p) => (f?.passages[p.locator]?.length ?? 0) >= 2);
      expect(covered.length / substantive.length, d.doc).toBeGreaterThan(0.95);
      // Attached at load time, as the index sees them.
      expect(passages.filter((p) => p.asks).length).toBe(Object.keys(f?.passages ?? {}).length);
    }
  });

  it('are questions in other words, not copies of the passage, in Chinese and English', async () => {
    const { expansionFiles } = await import('../../src/qa/expansions.js');
    const all = expansionFiles().flatMap((f) => Object.values(f.passages).flat());
    expect(all.length).toBeGreaterThan(4000);
    const english = all.filter((q) => /^[A-Za-z]/.test(q));
    expect(english.length / all.length).toBeGreaterThan(0.15);
    for (const q of all) expect(q.length).toBeLessThanOrEqual(160);
  });
});

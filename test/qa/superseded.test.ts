import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/qa/load.js';
import { laterRulesOf, supersededArticles } from '../../src/qa/superseded.js';
import { LAWS_DIR } from './helpers.js';

/** Every law article of the corpus by "doc locator". */
function articles(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(LAWS_DIR)) {
    const doc = f.replace(/\.md$/, '');
    for (const p of parseText(doc, readFileSync(path.join(LAWS_DIR, f), 'utf8')).passages)
      m.set(`${p.doc} ${p.locator}`, p.text.replace(/\s/g, ''));
  }
  return m;
}

describe('superseded articles (src/qa/lexicon/superseded.json)', () => {
  const all = articles();

  it('names real articles of the corpus, each stating the rule it is listed for', () => {
    expect(supersededArticles().length).toBeGreaterThanOrEqual(2);
    for (const e of supersededArticles()) {
      for (const a of [e.old, e.new]) {
        const text = all.get(`${a.doc} ${a.locator}`);
        expect(text, `${a.doc} ${a.locator}`).toBeDefined();
        expect(text).toContain(a.states);
      }
      expect(e.why).toMatch(/[。]$/);
    }
  });

  it('finds the later rule of an older article, and none for an article in force', () => {
    expect(laterRulesOf({ doc: '劳动法(2018-12-29)', locator: '第三十六条' })[0]?.new).toMatchObject({
      doc: '国务院关于职工工作时间的规定(1995-03-25)',
      locator: '第三条',
    });
    expect(laterRulesOf({ doc: '劳动法(2018-12-29)', locator: '第四十四条' })).toEqual([]);
    // One older article, two later ones: the time limit for applying and the award deadline.
    expect(laterRulesOf({ doc: '劳动法(2018-12-29)', locator: '第八十二条' }).map((e) => e.new.locator)).toEqual([
      '第二十七条',
      '第四十三条',
    ]);
  });
});

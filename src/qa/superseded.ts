import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LEXICON_DIR } from './synonyms.js';

/**
 * Articles whose rule a later regulation of the corpus replaced in part (lexicon/superseded.json):
 * 《劳动法》第三十六条's 44-hour week is 40 hours under the State Council's 1995 rule. The ranker
 * answers with the later article first (rank.ts); an answer that quotes the older one, because the
 * question names its law, says what replaced it (answer-extractive.ts).
 */

export interface ArticleRef {
  doc: string;
  locator: string;
  /** Words of the article that state the rule (checked against the texts by the tests). */
  states: string;
}

export interface SupersededEntry {
  old: ArticleRef;
  new: ArticleRef;
  why: string;
}

let entries: SupersededEntry[] | null = null;

export function supersededArticles(): SupersededEntry[] {
  entries ??= (
    JSON.parse(readFileSync(path.join(LEXICON_DIR, 'superseded.json'), 'utf8')) as { entries: SupersededEntry[] }
  ).entries;
  return entries;
}

/** The entries naming this article as the older one (《劳动法》第八十二条: the time limit and the award deadline). */
export function laterRulesOf(p: { doc: string; locator: string }): SupersededEntry[] {
  return supersededArticles().filter((e) => e.old.doc === p.doc && e.old.locator === p.locator);
}

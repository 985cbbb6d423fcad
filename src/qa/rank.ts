import type { Ranked } from './answer-extractive.js';
import { sentences } from './answer-extractive.js';
import type { Bm25Index } from './index-bm25.js';
import { normalizeSearch } from './normalize.js';
import { numberTokens } from './numerals.js';
import { type BuiltQuery, buildQuery, coverage } from './query.js';
import type { Passage } from './types.js';

export interface CorpusState {
  passages: Passage[];
  index: Bm25Index;
}

const CANDIDATES = 60;
const RERANK = 12;
const W_PASSAGE = 1.6;
const W_SENTENCE = 1.2;

/** Best single-sentence coverage of the question (with the passage headings as context). */
export function sentenceCoverage(q: BuiltQuery, p: Passage): number {
  const context = normalizeSearch(`${p.doc} ${p.title} ${p.heading} ${p.locator}`);
  let best = 0;
  for (const s of sentences(p.text)) {
    const ns = normalizeSearch(s);
    let c = coverage(q.keys, `${context} ${ns}`);
    if (q.wantsNumber && numberTokens(ns).length === 0) c *= 0.8;
    if (c > best) best = c;
  }
  return best;
}

/**
 * BM25 candidates re-ranked by how much of the question a passage, and its best sentence,
 * actually covers. `coverage` on each result is the passage coverage (the refusal signal).
 */
export function rank(
  state: CorpusState,
  question: string,
  previous: string | null,
): { ranked: Ranked[]; query: BuiltQuery } {
  const query = buildQuery(state.index, question, previous);
  const hits = state.index.search(query.terms, CANDIDATES);
  const top = hits[0]?.score ?? 1;
  // Stage 1: BM25 plus passage coverage over all candidates; stage 2: best-sentence coverage.
  const scored = hits.map((h) => {
    const p = state.passages[h.passage] as Passage;
    const cov = coverage(query.keys, normalizeSearch(`${p.doc} ${p.title} ${p.heading} ${p.locator} ${p.text}`));
    return { r: { passage: p, score: h.score, coverage: cov, sentence: 0 }, final: h.score / top + W_PASSAGE * cov };
  });
  scored.sort((a, b) => b.final - a.final);
  for (const s of scored.slice(0, RERANK)) {
    s.r.sentence = sentenceCoverage(query, s.r.passage);
    s.final += W_SENTENCE * s.r.sentence;
  }
  scored.sort((a, b) => b.final - a.final);
  return { ranked: scored.map((s) => s.r), query };
}

import type { Bm25Index, QueryTerm } from './index-bm25.js';
import { normalizeSearch } from './normalize.js';
import { numberTokens } from './numerals.js';
import { BIGRAM_WEIGHT, SINGLE_CHAR_WEIGHT, words } from './segment.js';
import { expandSynonyms } from './synonyms.js';

/** A topic word of the question with its accepted alternative spellings. */
export interface KeyWord {
  word: string;
  alts: string[];
  weight: number;
  idf: number;
}

export interface BuiltQuery {
  terms: QueryTerm[];
  keys: KeyWord[];
  /** The question asks for a quantity (多少/几/多久/百分之几). */
  wantsNumber: boolean;
}

const SYNONYM_WEIGHT = 0.7;
export const HISTORY_WEIGHT = 0.7;

const FOLLOW_UP_START = /^(那|那么|还有|另外|如果|要是|假如|and\b|what about|how about|and if)/i;
const FOLLOW_UP_END = /(呢|的话)[?？。!！\s]*$/;

/** A short question that leans on the previous turn ("那女职工呢？"). */
export function isFollowUp(question: string): boolean {
  const q = question.trim();
  return q.length <= 16 && (FOLLOW_UP_START.test(q) || FOLLOW_UP_END.test(q));
}

function add(map: Map<string, QueryTerm>, term: string, weight: number): void {
  const cur = map.get(term);
  if (!cur || cur.weight < weight) map.set(term, { term, weight });
}

/** Weighted query terms and key words for retrieval, confidence and sentence choice. */
export function buildQuery(index: Bm25Index, question: string, previous: string | null): BuiltQuery {
  const terms = new Map<string, QueryTerm>();
  const keys = new Map<string, KeyWord>();
  const addText = (text: string, scale: number, asKey: boolean): void => {
    const s = normalizeSearch(text);
    for (const w of words(s)) {
      if (/^\d/.test(w)) continue;
      const base = (w.length === 1 ? SINGLE_CHAR_WEIGHT : 1) * scale;
      add(terms, w, base);
      if (w.length >= 3) for (let i = 0; i + 2 <= w.length; i++) add(terms, w.slice(i, i + 2), BIGRAM_WEIGHT * scale);
      if (asKey && !keys.has(w)) keys.set(w, { word: w, alts: [], weight: base, idf: index.idf(w) });
    }
    for (const n of numberTokens(s)) {
      add(terms, n, scale);
      // A year names a specific document or period: a strong constraint. Other numbers are hints.
      const isYear = /^(19|20)\d\d$/.test(n);
      if (asKey && !keys.has(n) && (isYear || index.df(n) > 0)) {
        keys.set(n, { word: n, alts: [], weight: (isYear ? 1.5 : 0.5) * scale, idf: index.idf(n) });
      }
    }
    for (const { word, alts } of expandSynonyms(s)) {
      for (const a of alts) for (const w of words(a)) add(terms, w, SYNONYM_WEIGHT * scale);
      const k = keys.get(word) ?? [...keys.values()].find((x) => x.word.includes(word) || word.includes(x.word));
      if (k && asKey) k.alts.push(...alts, word);
      else if (asKey) keys.set(word, { word, alts: [...alts], weight: scale, idf: index.idf(word) });
    }
  };
  addText(question, 1, true);
  if (previous !== null) addText(previous, HISTORY_WEIGHT, true);
  return {
    terms: [...terms.values()],
    keys: [...keys.values()],
    wantsNumber: /多少|几|多久|多长|百分之|比例|how (many|much|long)|percent/i.test(question),
  };
}

/** Does `text` (search form) contain the key word or one of its alternatives? 0..1 credit. */
export function keyMatch(k: KeyWord, text: string): number {
  if (text.includes(k.word)) return 1;
  for (const a of k.alts) if (text.includes(a)) return 0.9;
  if (k.word.length >= 3) {
    let hit = 0;
    for (let i = 0; i + 2 <= k.word.length; i++) if (text.includes(k.word.slice(i, i + 2))) hit++;
    return (0.6 * hit) / (k.word.length - 1);
  }
  return 0;
}

/** Share of the question's key-word weight (idf × weight) present in `text`. */
export function coverage(keys: KeyWord[], text: string): number {
  let total = 0;
  let got = 0;
  for (const k of keys) {
    const w = k.idf * k.weight;
    total += w;
    got += w * keyMatch(k, text);
  }
  return total > 0 ? got / total : 0;
}

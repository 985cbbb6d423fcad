import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { normalizeSearch } from './normalize.js';
import { numberTokens } from './numerals.js';
import { STOP_WORDS } from './stopwords.js';

/**
 * Tokenisation shared by indexing and querying: jieba `cut` words (dictionary loaded once),
 * character bigrams of longer words (so 书面合同 meets 书面劳动合同), canonical number tokens.
 */

let jieba: Jieba | null = null;
function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const HAS_CJK = /[\u3400-\u9fff]/;
const WORD = /^[\u3400-\u9fff]+$|^[a-z][a-z0-9]*$|^\d+(?:\.\d+)?%?$/;

export interface Token {
  term: string;
  /** 1 for words and numbers, lower for derived bigrams and single characters. */
  weight: number;
}

export const BIGRAM_WEIGHT = 0.35;
export const SINGLE_CHAR_WEIGHT = 0.5;

/** Segmented words of an already-normalised (search form) text, stop words removed. */
export function words(searchText: string): string[] {
  const out: string[] = [];
  for (const w of getJieba().cut(searchText, false)) {
    if (WORD.test(w) && !STOP_WORDS.has(w)) out.push(w);
  }
  return out;
}

/** All tokens of a text with their weights (text is normalised here). */
export function tokenize(text: string): Token[] {
  const s = normalizeSearch(text);
  const out: Token[] = [];
  for (const w of words(s)) {
    if (HAS_CJK.test(w)) {
      out.push({ term: w, weight: w.length === 1 ? SINGLE_CHAR_WEIGHT : 1 });
      if (w.length >= 3) for (let i = 0; i + 2 <= w.length; i++) out.push({ term: w.slice(i, i + 2), weight: BIGRAM_WEIGHT });
    } else if (!/^\d/.test(w)) {
      out.push({ term: w, weight: 1 });
    }
  }
  for (const n of numberTokens(s)) out.push({ term: n, weight: 1 });
  return out;
}

/** Term frequencies of a text for indexing (bigram and word occurrences count alike). */
export function termCounts(text: string, into: Map<string, number>, fieldWeight: number): void {
  for (const t of tokenize(text)) into.set(t.term, (into.get(t.term) ?? 0) + fieldWeight);
}

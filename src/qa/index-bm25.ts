import { tokenize } from './segment.js';
import type { Passage } from './types.js';

/**
 * BM25F-style inverted index over passages in compact typed arrays (CSR postings):
 * term → [offsets[t], offsets[t+1]) into postDocs/postTf. Field weights are folded into tf.
 */

export const FIELD_WEIGHTS = { text: 1, heading: 1.5, title: 0.6, locator: 2 } as const;
const K1 = 1.2;
const B = 0.75;

export interface IndexData {
  terms: string[];
  offsets: Int32Array;
  postDocs: Int32Array;
  postTf: Float32Array;
  /** Per-passage BM25 length normaliser k1·(1 − b + b·len/avgLen). */
  norm: Float32Array;
}

export interface QueryTerm {
  term: string;
  weight: number;
}

export interface Hit {
  passage: number;
  score: number;
}

export class Bm25Index {
  readonly data: IndexData;
  readonly termIds: Map<string, number>;
  private readonly scores: Float32Array;
  private readonly touched: Int32Array;
  private readonly n: number;

  constructor(data: IndexData) {
    this.data = data;
    this.n = data.norm.length;
    this.termIds = new Map();
    for (let i = 0; i < data.terms.length; i++) this.termIds.set(data.terms[i] as string, i);
    this.scores = new Float32Array(this.n);
    this.touched = new Int32Array(this.n);
  }

  get size(): number {
    return this.n;
  }

  df(term: string): number {
    const id = this.termIds.get(term);
    if (id === undefined) return 0;
    return (this.data.offsets[id + 1] ?? 0) - (this.data.offsets[id] ?? 0);
  }

  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  /** Top `k` passages for weighted query terms. */
  search(query: QueryTerm[], k: number): Hit[] {
    const { offsets, postDocs, postTf, norm } = this.data;
    const scores = this.scores;
    const touched = this.touched;
    let nTouched = 0;
    const k1p1 = K1 + 1;
    for (const q of query) {
      const id = this.termIds.get(q.term);
      if (id === undefined) continue;
      const start = offsets[id] as number;
      const end = offsets[id + 1] as number;
      const df = end - start;
      const w = q.weight * k1p1 * Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
      for (let i = start; i < end; i++) {
        const d = postDocs[i] as number;
        const tf = postTf[i] as number;
        const s = scores[d] as number;
        if (s === 0) touched[nTouched++] = d;
        scores[d] = s + (w * tf) / (tf + (norm[d] as number));
      }
    }
    // Selection: keep the k best in a small sorted array (k is small, most candidates lose fast).
    const bestIds = new Int32Array(k);
    const bestScores = new Float64Array(k).fill(-1);
    let min = -1;
    for (let j = 0; j < nTouched; j++) {
      const d = touched[j] as number;
      const s = scores[d] as number;
      scores[d] = 0;
      if (s <= min) continue;
      let at = k - 1;
      while (at > 0 && (bestScores[at - 1] as number) < s) {
        bestScores[at] = bestScores[at - 1] as number;
        bestIds[at] = bestIds[at - 1] as number;
        at--;
      }
      bestScores[at] = s;
      bestIds[at] = d;
      min = bestScores[k - 1] as number;
    }
    const hits: Hit[] = [];
    for (let i = 0; i < k && (bestScores[i] as number) > 0; i++)
      hits.push({ passage: bestIds[i] as number, score: bestScores[i] as number });
    return hits;
  }
}

/** Build the index; repeated fields (title, headings, locators) are segmented once. */
export function buildIndex(passages: Passage[]): IndexData {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const idOf = (t: string): number => {
    let id = termIds.get(t);
    if (id === undefined) {
      id = terms.length;
      termIds.set(t, id);
      terms.push(t);
    }
    return id;
  };
  // Accumulator indexed by term id, reset through the touched list after each passage.
  let acc = new Float32Array(1 << 16);
  const touched: number[] = [];
  const bump = (id: number, w: number): void => {
    if (id >= acc.length) {
      const bigger = new Float32Array(acc.length * 2);
      bigger.set(acc);
      acc = bigger;
    }
    if (acc[id] === 0) touched.push(id);
    acc[id] = (acc[id] as number) + w;
  };
  const memo = new Map<string, Int32Array>();
  const fieldIds = (key: string, text: string): Int32Array => {
    let ids = memo.get(key);
    if (!ids) {
      if (memo.size > 100_000) memo.clear();
      ids = Int32Array.from(tokenize(text).map((t) => idOf(t.term)));
      memo.set(key, ids);
    }
    return ids;
  };

  const perDocTerms: Int32Array[] = new Array(passages.length);
  const perDocTf: Float32Array[] = new Array(passages.length);
  const lens = new Float32Array(passages.length);
  let total = 0;
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i] as Passage;
    let len = 0;
    for (const t of tokenize(p.text)) {
      bump(idOf(t.term), FIELD_WEIGHTS.text);
      len += FIELD_WEIGHTS.text;
    }
    lens[i] = len;
    total += len;
    for (const id of fieldIds(`h\u0000${p.heading}`, p.heading)) bump(id, FIELD_WEIGHTS.heading);
    for (const id of fieldIds(`l\u0000${p.locator}`, p.locator)) bump(id, FIELD_WEIGHTS.locator);
    // The file name is part of the title field (无锡市两争一树活动意见 names the document too).
    const titleText = `${p.doc} ${p.title}`;
    for (const id of fieldIds(`t\u0000${titleText}`, titleText)) bump(id, FIELD_WEIGHTS.title);
    const ids = Int32Array.from(touched);
    const tfs = new Float32Array(ids.length);
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j] as number;
      tfs[j] = acc[id] as number;
      acc[id] = 0;
    }
    touched.length = 0;
    perDocTerms[i] = ids;
    perDocTf[i] = tfs;
  }
  const offsets = new Int32Array(terms.length + 1);
  for (const ids of perDocTerms) for (const id of ids) offsets[id + 1] = (offsets[id + 1] as number) + 1;
  for (let t = 0; t < terms.length; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
  const nPost = offsets[terms.length] as number;
  const postDocs = new Int32Array(nPost);
  const postTf = new Float32Array(nPost);
  const fill = offsets.slice(0, terms.length);
  perDocTerms.forEach((ids, d) => {
    const tfs = perDocTf[d] as Float32Array;
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j] as number;
      const at = fill[id] as number;
      postDocs[at] = d;
      postTf[at] = tfs[j] as number;
      fill[id] = at + 1;
    }
  });
  const avg = passages.length > 0 ? total / passages.length : 1;
  const norm = new Float32Array(passages.length);
  for (let i = 0; i < passages.length; i++) norm[i] = K1 * (1 - B + (B * (lens[i] as number)) / (avg || 1));
  return { terms, offsets, postDocs, postTf, norm };
}

import { termCounts } from './segment.js';
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

/** Build the index; passages of one document share their title's term counts. */
export function buildIndex(passages: Passage[]): IndexData {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const perDocTerms: Int32Array[] = [];
  const perDocTf: Float32Array[] = [];
  const lens = new Float32Array(passages.length);
  const titleCache = new Map<string, Map<string, number>>();
  let total = 0;
  const counts = new Map<string, number>();

  passages.forEach((p, i) => {
    counts.clear();
    termCounts(p.text, counts, FIELD_WEIGHTS.text);
    let len = 0;
    for (const v of counts.values()) len += v;
    lens[i] = len;
    total += len;
    termCounts(p.heading, counts, FIELD_WEIGHTS.heading);
    termCounts(p.locator, counts, FIELD_WEIGHTS.locator);
    // The file name is part of the title field (无锡市两争一树活动意见 names the document too).
    const titleText = `${p.doc} ${p.title}`;
    let tc = titleCache.get(titleText);
    if (!tc) {
      tc = new Map();
      termCounts(titleText, tc, FIELD_WEIGHTS.title);
      titleCache.set(titleText, tc);
    }
    for (const [t, v] of tc) counts.set(t, (counts.get(t) ?? 0) + v);
    const ids = new Int32Array(counts.size);
    const tfs = new Float32Array(counts.size);
    let j = 0;
    for (const [t, v] of counts) {
      let id = termIds.get(t);
      if (id === undefined) {
        id = terms.length;
        termIds.set(t, id);
        terms.push(t);
      }
      ids[j] = id;
      tfs[j++] = v;
    }
    perDocTerms.push(ids);
    perDocTf.push(tfs);
  });

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

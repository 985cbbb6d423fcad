/**
 * BM25F-style inverted index over passages in compact typed arrays (CSR postings):
 * term → [offsets[t], offsets[t+1]) into postDocs/postTf. Field weights are folded into tf.
 */

export const K1 = 1.2;
export const B = 0.75;

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

  /** The passages holding a term, ascending (a view into the postings, not a copy). */
  postings(term: string): Int32Array {
    const id = this.termIds.get(term);
    if (id === undefined) return new Int32Array(0);
    return this.data.postDocs.subarray(this.data.offsets[id] ?? 0, this.data.offsets[id + 1] ?? 0);
  }

  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  /** Exact BM25 scores of the given passages (postings are sorted by passage: binary search). */
  scoreDocs(query: QueryTerm[], ids: number[]): Float64Array {
    const { offsets, postDocs, postTf, norm } = this.data;
    const out = new Float64Array(ids.length);
    const k1p1 = K1 + 1;
    for (const q of query) {
      const id = this.termIds.get(q.term);
      if (id === undefined) continue;
      const start = offsets[id] as number;
      const end = offsets[id + 1] as number;
      const w = q.weight * k1p1 * Math.log(1 + (this.n - (end - start) + 0.5) / (end - start + 0.5));
      ids.forEach((d, j) => {
        let lo = start;
        let hi = end - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const v = postDocs[mid] as number;
          if (v === d) {
            const tf = postTf[mid] as number;
            out[j] = (out[j] as number) + (w * tf) / (tf + (norm[d] as number));
            return;
          }
          if (v < d) lo = mid + 1;
          else hi = mid - 1;
        }
      });
    }
    return out;
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

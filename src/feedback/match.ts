import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';
import { tokenize } from '../qa/segment.js';

/**
 * How close two questions are, with the Q&A's own tokens (src/qa/segment.ts: jieba words, character
 * bigrams of long words, numbers) weighted by the corpus IDF: shared weight over the larger side's
 * weight, 0…1, so both questions must be mostly covered (a short "厂里不要我了" does not match a longer
 * question about hepatitis B at hiring). A term the corpus lacks (乙肝) weighs most. The serving threshold is fitted by cross-validation (src/feedback/fit-match.ts).
 */
export type Idf = (term: string) => number | Promise<number>;

export type Vector = Map<string, number>;

export async function vectorOf(text: string, idf: Idf): Promise<Vector> {
  const v: Vector = new Map();
  for (const t of tokenize(text)) {
    const w = t.weight * (await idf(t.term));
    if (w > (v.get(t.term) ?? 0)) v.set(t.term, w);
  }
  return v;
}

const total = (v: Vector): number => {
  let s = 0;
  for (const w of v.values()) s += w;
  return s;
};

export function similarity(a: Vector, b: Vector): number {
  const ta = total(a);
  const tb = total(b);
  if (ta === 0 || tb === 0) return 0;
  let shared = 0;
  for (const [t, w] of a) {
    const o = b.get(t);
    if (o !== undefined) shared += Math.min(w, o);
  }
  return shared / Math.max(ta, tb);
}

export interface MatchFit {
  threshold: number;
  folds: number;
  /** Cross-validated precision and recall of serving a held-out question its nearest neighbour's answer. */
  precision: { mean: number; sd: number };
  recall: { mean: number; sd: number };
  trainedOn: string;
}

const fitFile = path.join(projectRoot, 'src', 'feedback', 'match-fit.json');
let fit: MatchFit | null = null;

/** The fitted threshold (src/feedback/match-fit.json, written by fit-match.ts). */
export function matchFit(): MatchFit {
  fit ??= JSON.parse(readFileSync(fitFile, 'utf8')) as MatchFit;
  return fit;
}

export interface Group<T> {
  items: T[];
  vector: Vector;
}

/** Greedy grouping by similar wording: each item joins the first group whose first item is close enough. */
export function groupBySimilarity<T>(items: { item: T; vector: Vector }[], threshold: number): Group<T>[] {
  const groups: Group<T>[] = [];
  for (const { item, vector } of items) {
    const g = groups.find((x) => similarity(x.vector, vector) >= threshold);
    if (g) g.items.push(item);
    else groups.push({ items: [item], vector });
  }
  return groups;
}

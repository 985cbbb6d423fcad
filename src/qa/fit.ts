import { type EvalItem, passageMatches } from './eval-score.js';
import { type Candidate, type CorpusState, candidates, FEATURES, GATE_FEATURES } from './features.js';
import { GATE_SIGNS, VETO_CANDIDATES } from './gate.js';
import { dot, gateProbability, PRIOR_MODEL, type QaModel } from './model.js';
import { offlineQueryText } from './pipeline.js';
import type { BuiltQuery } from './query.js';
import { prepareState, questionQuery, rankCandidates } from './rank.js';

/**
 * Fitting the re-ranker and the refusal gate on a labelled question file (train.jsonl):
 * - ranker: linear weights over FEATURES, listwise softmax loss (the correct passages against the
 *   other candidates), L2-regularised, full-batch gradient descent;
 * - gate: logistic regression over standardised GATE_FEATURES, label "the question is answerable";
 * - threshold: on out-of-fold gate probabilities (inner k-fold), the most correct outcomes with
 *   false refusals ≤ MAX_FALSE_REFUSALS.
 * Candidates do not depend on the weights, so each question is retrieved once.
 */

export const MAX_FALSE_REFUSALS = 0.03;

export interface Prepared {
  item: EvalItem;
  cands: Candidate[];
  correct: boolean[];
  query: BuiltQuery;
}

export function prepare(state: CorpusState, items: EvalItem[]): Prepared[] {
  prepareState(state);
  return items.map((item) => {
    const query = questionQuery(state, offlineQueryText(item.question), null);
    const cands = candidates(state, query);
    const correct = cands.map((c) => !item.refuse && passageMatches(item, c.passage));
    return { item, cands, correct, query };
  });
}

/** Deterministic folds, stratified by question type. */
export function folds(items: { item: EvalItem }[], k: number, seed = 1): number[] {
  let x = seed;
  const rnd = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const byType = new Map<string, number[]>();
  items.forEach((p, i) => {
    const t = p.item.type ?? '';
    byType.set(t, [...(byType.get(t) ?? []), i]);
  });
  const out = new Array<number>(items.length).fill(0);
  let next = 0;
  for (const ids of [...byType.values()]) {
    const shuffled = ids.map((i) => ({ i, r: rnd() })).sort((a, b) => a.r - b.r);
    for (const { i } of shuffled) out[i] = next++ % k;
  }
  return out;
}

export function fitRanker(train: Prepared[], l2 = 0.003, iters = 600): number[] {
  const data = train.filter((p) => p.correct.some(Boolean));
  const w = [...PRIOR_MODEL.ranker];
  const d = FEATURES.length;
  const m = new Array<number>(d).fill(0);
  const v = new Array<number>(d).fill(0);
  for (let it = 1; it <= iters; it++) {
    const g = new Array<number>(d).fill(0);
    for (const p of data) {
      const s = p.cands.map((c) => dot(w, c.f));
      const mx = Math.max(...s);
      const e = s.map((x) => Math.exp(x - mx));
      const z = e.reduce((a, b) => a + b, 0);
      const zc = e.reduce((a, b, i) => a + (p.correct[i] ? b : 0), 0);
      p.cands.forEach((c, i) => {
        const coef = (e[i] as number) / z - (p.correct[i] ? (e[i] as number) / zc : 0);
        for (let j = 0; j < d; j++) g[j] = (g[j] as number) + coef * (c.f[j] as number);
      });
    }
    // Adam on the mean loss plus L2.
    for (let j = 0; j < d; j++) {
      const gj = (g[j] as number) / Math.max(1, data.length) + l2 * (w[j] as number);
      m[j] = 0.9 * (m[j] as number) + 0.1 * gj;
      v[j] = 0.999 * (v[j] as number) + 0.001 * gj * gj;
      const mh = (m[j] as number) / (1 - 0.9 ** it);
      const vh = (v[j] as number) / (1 - 0.999 ** it);
      w[j] = (w[j] as number) - (0.05 * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return w;
}

export function fitGate(rows: { g: number[]; y: number }[], l2 = 0.01, iters = 800): QaModel['gate'] {
  const d = GATE_FEATURES.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of rows)
    r.g.forEach((x, j) => {
      mean[j] = (mean[j] as number) + x / rows.length;
    });
  for (const r of rows)
    r.g.forEach((x, j) => {
      sd[j] = (sd[j] as number) + (x - (mean[j] as number)) ** 2 / rows.length;
    });
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j] as number) || 1;
  const zs = rows.map((r) => r.g.map((x, j) => (x - (mean[j] as number)) / (sd[j] as number)));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < iters; it++) {
    const g = new Array<number>(d).fill(0);
    let gb = 0;
    zs.forEach((z, i) => {
      const p = 1 / (1 + Math.exp(-(b + dot(w, z))));
      const err = p - (rows[i] as { y: number }).y;
      gb += err;
      for (let j = 0; j < d; j++) g[j] = (g[j] as number) + err * (z[j] as number);
    });
    b -= (0.5 * gb) / rows.length;
    for (let j = 0; j < d; j++) {
      const next = (w[j] as number) - 0.5 * ((g[j] as number) / rows.length + l2 * (w[j] as number));
      // Sign constraints (projected gradient): evidence of a fit may only raise P(answerable),
      // unknown words and present-tense questions may only lower it.
      w[j] = GATE_SIGNS[j] === 1 ? Math.max(0, next) : Math.min(0, next);
    }
  }
  return { bias: b, weights: w, mean, sd };
}

/** Gate rows under a ranker: features of each question's ranked list, and whether its top is right. */
function gateRows(state: CorpusState, ps: Prepared[], ranker: number[]): { g: number[]; y: number; top: boolean }[] {
  const m: QaModel = { ...PRIOR_MODEL, ranker };
  return ps.map((p) => {
    const r = rankCandidates(state, p.query, p.cands, m);
    const topIdx = r.scored[0] ? p.cands.indexOf(r.scored[0].c) : -1;
    const top = topIdx >= 0 && (p.correct[topIdx] ?? false);
    return { g: r.gate, y: p.item.refuse ? 0 : 1, top };
  });
}

/** The threshold with the most correct outcomes and false refusals ≤ the limit. */
export function chooseThreshold(
  probs: { p: number; y: number; top: boolean }[],
  maxFr = MAX_FALSE_REFUSALS,
  budget: { used: number; pos: number } = { used: 0, pos: probs.filter((x) => x.y === 1).length },
): number {
  const pos = budget.pos;
  const cuts = [0, ...new Set(probs.map((x) => x.p))].sort((a, b) => a - b);
  let best = 0;
  let bestScore = -1;
  for (const t of cuts) {
    let fr = 0;
    let good = 0;
    for (const x of probs) {
      const answer = x.p >= t;
      if (x.y === 1 && !answer) fr++;
      if ((x.y === 1 && answer && x.top) || (x.y === 0 && !answer)) good++;
    }
    if (fr + budget.used > maxFr * pos) break;
    if (good > bestScore) {
      bestScore = good;
      best = t;
    }
  }
  return best;
}

/** Share of the false-refusal budget the vetoes may use; the threshold gets the rest. */
export const VETO_SHARE = 0.67;
/** A veto must be this precise on the training rows (refusals among the rows it refuses). */
export const VETO_PRECISION = 0.8;

/**
 * Greedy choice of vetoes: binary refusal evidence that refuses outright. At each step the
 * candidate that newly catches the most unanswerable rows, precise enough on all the rows it fires
 * on (at least 3 unanswerable ones) and within the budget of answerable rows refused.
 */
export function chooseVetoes(
  rows: { g: number[]; y: number }[],
  budget = Math.floor(MAX_FALSE_REFUSALS * VETO_SHARE * rows.filter((r) => r.y === 1).length),
): string[] {
  const chosen: string[] = [];
  const vetoed = new Array<boolean>(rows.length).fill(false);
  let lost = 0;
  for (;;) {
    let best: { name: string; caught: number; lost: number } | null = null;
    for (const name of VETO_CANDIDATES) {
      if (chosen.includes(name)) continue;
      const j = GATE_FEATURES.indexOf(name);
      // Precision is judged on every row the evidence fires on; the budget on the rows it newly refuses.
      let c = 0;
      let l = 0;
      let cAll = 0;
      let lAll = 0;
      rows.forEach((r, i) => {
        if ((r.g[j] ?? 0) < 0.5) return;
        if (r.y === 1) lAll++;
        else cAll++;
        if (vetoed[i]) return;
        if (r.y === 1) l++;
        else c++;
      });
      if (c < 1 || cAll < 3 || cAll / (cAll + lAll) < VETO_PRECISION || lost + l > budget) continue;
      if (!best || c - l > best.caught - best.lost) best = { name, caught: c, lost: l };
    }
    if (!best) return chosen;
    chosen.push(best.name);
    lost += best.lost;
    const j = GATE_FEATURES.indexOf(best.name as (typeof VETO_CANDIDATES)[number]);
    rows.forEach((r, i) => {
      if ((r.g[j] ?? 0) >= 0.5) vetoed[i] = true;
    });
  }
}

export function fitModel(state: CorpusState, train: Prepared[], k = 5): QaModel {
  const ranker = fitRanker(train);
  const all = gateRows(state, train, ranker);
  const vetoes = chooseVetoes(all);
  const fires = (g: number[]): boolean => vetoes.some((v) => (g[GATE_FEATURES.indexOf(v as never)] ?? 0) >= 0.5);
  const rows = all.filter((r) => !fires(r.g));
  const used = all.filter((r) => r.y === 1 && fires(r.g)).length;
  // The gate learns "answering gives the right passage"; the threshold then keeps false refusals
  // (refusing an answerable question) within the limit.
  const learn = rows.map((r) => ({ g: r.g, y: r.y === 1 && r.top ? 1 : 0 }));
  const gate = fitGate(learn);
  // Out-of-fold probabilities for the threshold (in-sample ones would be over-confident).
  const f = folds(train, k, 7);
  const oof = rows.map((r) => ({ ...r, p: 0 }));
  for (let i = 0; i < k; i++) {
    const g = fitGate(learn.filter((_, j) => f[j] !== i));
    rows.forEach((r, j) => {
      if (f[j] === i) (oof[j] as { p: number }).p = gateProbability({ ...PRIOR_MODEL, gate: g }, r.g);
    });
  }
  const threshold = chooseThreshold(oof, MAX_FALSE_REFUSALS, { used, pos: all.filter((r) => r.y === 1).length });
  return { ranker, gate, threshold, vetoes };
}

import { type EvalItem, type EvalResult, type EvalSummary, scoreOne, summarize } from './eval-score.js';
import type { CorpusState } from './features.js';
import { fitModel, folds, type Prepared, prepare } from './fit.js';
import type { QaModel } from './model.js';
import { answerWith } from './pipeline.js';

/**
 * k-fold cross-validation of the whole offline pipeline: fit on k−1 folds, answer and score the
 * held-out fold with that fold's model, then the mean ± sd over folds, overall and by type.
 */

export interface CvReport {
  folds: number;
  overall: Record<keyof EvalSummary, { mean: number; sd: number }>;
  byType: Record<string, { n: number; mean: Record<string, number>; sd: Record<string, number> }>;
  results: EvalResult[];
  /** Held-out P(answerable) with the label, for the refusal curve. */
  gate: { p: number; refuse: boolean }[];
}

const METRICS = [
  'hit_at_1',
  'hit_at_3',
  'hit_at_5',
  'answer_accuracy',
  'refusal_recall',
  'false_refusal_rate',
] as const;

function meanSd(xs: number[]): { mean: number; sd: number } {
  const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return { mean: r(m), sd: r(Math.sqrt(v)) };
}

export function answerAll(state: CorpusState, model: QaModel, items: EvalItem[]): { r: EvalResult; p: number }[] {
  return items.map((item) => {
    const a = answerWith(state, model, item.question);
    return { r: scoreOne(item, a.answer), p: a.rank.answerable };
  });
}

export function crossValidate(state: CorpusState, items: EvalItem[], k = 5): CvReport {
  const prepared: Prepared[] = prepare(state, items);
  const f = folds(prepared, k);
  const perFold: EvalResult[][] = [];
  const gate: CvReport['gate'] = [];
  const results: EvalResult[] = [];
  for (let i = 0; i < k; i++) {
    const model = fitModel(
      state,
      prepared.filter((_, j) => f[j] !== i),
      k,
    );
    const test = items.filter((_, j) => f[j] === i);
    const out = answerAll(state, model, test);
    perFold.push(out.map((o) => o.r));
    for (const o of out) {
      results.push(o.r);
      gate.push({ p: o.p, refuse: o.r.item.refuse });
    }
  }
  const sums = perFold.map(summarize);
  const overall = Object.fromEntries(
    (['questions', ...METRICS] as const).map((m) => [m, meanSd(sums.map((s) => s[m]))]),
  ) as CvReport['overall'];
  const types = [...new Set(items.map((x) => x.type ?? ''))].sort();
  const byType: CvReport['byType'] = {};
  for (const t of types) {
    const fsums = perFold.map((rs) => rs.filter((r) => (r.item.type ?? '') === t)).filter((rs) => rs.length > 0);
    const ss = fsums.map(summarize);
    const refuseType = fsums.flat().every((r) => r.item.refuse);
    const ms = refuseType
      ? (['refusal_recall'] as const)
      : (['hit_at_1', 'answer_accuracy', 'false_refusal_rate'] as const);
    byType[t] = {
      n: fsums.flat().length,
      mean: Object.fromEntries(ms.map((m) => [m, meanSd(ss.map((s) => s[m])).mean])),
      sd: Object.fromEntries(ms.map((m) => [m, meanSd(ss.map((s) => s[m])).sd])),
    };
  }
  return { folds: k, overall, byType, results, gate };
}

/** Refusal precision/recall as the threshold moves (held-out probabilities). */
export function refusalCurve(
  gate: CvReport['gate'],
  steps = 20,
): { t: number; precision: number; recall: number; falseRefusals: number }[] {
  const refuse = gate.filter((g) => g.refuse).length;
  const answer = gate.length - refuse;
  const out: { t: number; precision: number; recall: number; falseRefusals: number }[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const refused = gate.filter((g) => g.p < t);
    const tp = refused.filter((g) => g.refuse).length;
    out.push({
      t,
      precision: refused.length ? Math.round((tp / refused.length) * 1000) / 1000 : 1,
      recall: refuse ? Math.round((tp / refuse) * 1000) / 1000 : 0,
      falseRefusals: answer ? Math.round(((refused.length - tp) / answer) * 1000) / 1000 : 0,
    });
  }
  return out;
}

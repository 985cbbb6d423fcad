import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURES, GATE_FEATURES } from './features.js';
import { qaRoot } from './paths.js';

/**
 * The fitted re-ranker and refusal gate (src/qa/model/fitted.json, written by
 * `npm run cli -- fit` from ../shared/eval/train.jsonl by k-fold cross-validation; see fit.ts).
 */
export interface QaModel {
  /** Linear re-ranking weights, one per FEATURES entry. */
  ranker: number[];
  /** Logistic refusal gate over standardised GATE_FEATURES: P(the question is answerable). */
  gate: { bias: number; weights: number[]; mean: number[]; sd: number[] };
  /** Answer when P(answerable) ≥ threshold. */
  threshold: number;
  /** Gate features (binary, refusal evidence) that refuse outright when they fire; chosen by `fit`. */
  vetoes?: string[];
}

export interface FittedFile {
  features: string[];
  gateFeatures: string[];
  model: QaModel;
  fittedOn: { file: string; items: number; folds: number };
  cv: Record<string, unknown>;
}

export const MODEL_FILE = path.join(qaRoot, 'src/qa/model/fitted.json');

/** Hand-set starting point (also the fallback when the fitted file is missing). */
export const PRIOR_MODEL: QaModel = {
  ranker: [1, 1, 1.6, 1.2, 0.3, 0.5, -0.3, 0.2, 0.5, 0.3, 0, 0, 0, 0, 0, 0],
  gate: {
    bias: 0,
    weights: [1, 0.5, 2, 2, 0.5, 1, 1, -2, -1, -1, 1, 0.5, -1, -1, -1, -2, -1, -1, -1, -1],
    mean: GATE_FEATURES.map(() => 0),
    sd: GATE_FEATURES.map(() => 1),
  },
  threshold: 0.5,
};

let cached: QaModel | null = null;

export function loadModel(file: string = MODEL_FILE): QaModel {
  if (file === MODEL_FILE && cached) return cached;
  let m: QaModel = PRIOR_MODEL;
  try {
    const f = JSON.parse(readFileSync(file, 'utf8')) as FittedFile;
    if (f.features.join() === FEATURES.join() && f.gateFeatures.join() === GATE_FEATURES.join()) m = f.model;
  } catch {
    // no fitted file yet: the prior
  }
  if (file === MODEL_FILE) cached = m;
  return m;
}

export function dot(w: readonly number[], f: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += (w[i] as number) * (f[i] ?? 0);
  return s;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function gateProbability(m: QaModel, g: readonly number[]): number {
  for (const v of m.vetoes ?? [])
    if ((g[GATE_FEATURES.indexOf(v as (typeof GATE_FEATURES)[number])] ?? 0) >= 0.5) return 0;
  const z = g.map((x, i) => (x - (m.gate.mean[i] ?? 0)) / (m.gate.sd[i] || 1));
  return sigmoid(m.gate.bias + dot(m.gate.weights, z));
}

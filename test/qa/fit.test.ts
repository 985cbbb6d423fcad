import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvalItem } from '../../src/qa/eval-score.js';
import { FEATURES, GATE_FEATURES } from '../../src/qa/features.js';
import { chooseThreshold, fitGate, fitRanker, folds, type Prepared } from '../../src/qa/fit.js';
import { VETO_CANDIDATES } from '../../src/qa/gate.js';
import { type FittedFile, gateProbability, MODEL_FILE, PRIOR_MODEL } from '../../src/qa/model.js';

const item = (id: string, type: string, refuse = false): EvalItem => ({
  id,
  question: id,
  type,
  doc: refuse ? null : 'd',
  expect_any: [],
  refuse,
});

describe('fitting the re-ranker and the refusal gate', () => {
  it('folds are stratified by type and deterministic', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ item: item(`q${i}`, i % 2 ? 'a' : 'b') }));
    const f = folds(items, 5);
    expect(f).toEqual(folds(items, 5));
    for (let k = 0; k < 5; k++) {
      expect(f.filter((x, i) => x === k && i % 2 === 1)).toHaveLength(2);
      expect(f.filter((x, i) => x === k && i % 2 === 0)).toHaveLength(2);
    }
  });

  it('the ranker learns to put the candidate with the informative feature first', () => {
    // The "head" feature marks the correct candidate; the others are noise.
    const head = FEATURES.indexOf('head');
    let x = 3;
    const rnd = (): number => {
      x = (x * 16807) % 2147483647;
      return x / 2147483647;
    };
    const prepared = Array.from({ length: 40 }, (_, i) => {
      const cands = Array.from({ length: 6 }, (_, j) => ({
        f: FEATURES.map((_, k) => (k === head ? (j === 0 ? 1 : 0) : rnd())),
      }));
      return { item: item(`q${i}`, 't'), cands, correct: cands.map((_, j) => j === 0) } as unknown as Prepared;
    });
    const w = fitRanker(prepared);
    const wins = prepared.filter((p) => {
      const s = p.cands.map((c) => c.f.reduce((a, v, k) => a + v * (w[k] as number), 0));
      return s.indexOf(Math.max(...s)) === 0;
    });
    expect(wins.length).toBe(40);
  });

  it('the gate separates answerable from unanswerable rows and respects the sign constraints', () => {
    const rows = Array.from({ length: 60 }, (_, i) => {
      const y = i % 3 === 0 ? 0 : 1;
      const g = GATE_FEATURES.map((_, k) => (k === 2 ? y + 0.1 * (i % 5) : k === 7 ? 1 - y : 0.5));
      return { g, y };
    });
    const gate = fitGate(rows);
    expect(gate.weights[2]).toBeGreaterThan(0);
    expect(gate.weights[7]).toBeLessThanOrEqual(0);
    const m = { ...PRIOR_MODEL, gate };
    for (const r of rows) expect(gateProbability(m, r.g) >= 0.5).toBe(r.y === 1);
  });

  it('the threshold keeps false refusals within 3% and refuses what it can', () => {
    const probs = [
      ...Array.from({ length: 100 }, (_, i) => ({ p: 0.3 + i / 200, y: 1, top: true })),
      ...Array.from({ length: 20 }, (_, i) => ({ p: 0.1 + i / 100, y: 0, top: false })),
    ];
    const t = chooseThreshold(probs);
    const fr = probs.filter((x) => x.y === 1 && x.p < t).length;
    expect(fr).toBeLessThanOrEqual(3);
    expect(probs.filter((x) => x.y === 0 && x.p < t).length).toBe(20);
  });

  it('the shipped fitted file matches the feature lists and carries its cross-validated figures', () => {
    const f = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as FittedFile;
    expect(f.features).toEqual([...FEATURES]);
    expect(f.gateFeatures).toEqual([...GATE_FEATURES]);
    expect(f.model.ranker).toHaveLength(FEATURES.length);
    expect(f.model.gate.weights).toHaveLength(GATE_FEATURES.length);
    expect(f.model.threshold).toBeGreaterThanOrEqual(0);
    expect(f.model.threshold).toBeLessThanOrEqual(1);
    for (const v of f.model.vetoes ?? []) expect(VETO_CANDIDATES).toContain(v);
    expect(f.fittedOn.file).toBe('train.jsonl');
    expect(f.cv).toHaveProperty('overall');
  });
});

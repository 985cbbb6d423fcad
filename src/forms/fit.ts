/**
 * Scoring paragraph fill on a labelled set (format of shared/eval/forms-train.jsonl: {id, text,
 * expect: {字段中文名: value}}, numbers the form does not ask deliberately absent), fitting the
 * placement weights by grid search, and k-fold cross-validation of that fit. Precision first: the
 * objective counts a wrong fill as 20 missed ones.
 */
import { formatValue } from './answers.js';
import { extractParagraph } from './extract.js';
import type { FillWeights } from './place.js';
import type { FormDefinition } from './types.js';

export interface FillItem {
  id: string;
  text: string;
  expect: Record<string, unknown>;
}

export interface FieldStats {
  stated: number;
  filled: number;
  right: number;
  wrong: number;
  missed: number;
}

export interface FillScore {
  total: FieldStats;
  byField: Record<string, FieldStats>;
  /** One line per wrong or missed field: id, label, expected, got. */
  errors: { id: string; label: string; expected: unknown; got: unknown }[];
}

const zero = (): FieldStats => ({ stated: 0, filled: 0, right: 0, wrong: 0, missed: 0 });

export const recall = (s: FieldStats): number => (s.stated ? s.right / s.stated : 1);

/** The value as the set writes it: a choice's or yes/no's Chinese label, numbers as numbers. */
function asLabelled(def: FormDefinition, key: string, v: unknown): unknown {
  const f = def.fields.find((x) => x.key === key)!;
  return f.type === 'choice' || f.type === 'yesno' ? formatValue(f, v, 'zh') : v;
}

export function scoreFill(def: FormDefinition, items: FillItem[], now: Date, tz: string, w?: FillWeights): FillScore {
  const byField: Record<string, FieldStats> = {};
  const total = zero();
  const errors: FillScore['errors'] = [];
  for (const f of def.fields) byField[f.label.zh] = zero();
  for (const item of items) {
    const got = extractParagraph(def, item.text, { now, tz, lang: 'zh' }, w).values;
    for (const f of def.fields) {
      const s = byField[f.label.zh]!;
      const stated = f.label.zh in item.expect;
      const expected = item.expect[f.label.zh];
      const has = f.key in got;
      const value = has ? asLabelled(def, f.key, got[f.key]) : undefined;
      if (stated) s.stated++;
      if (has) s.filled++;
      if (has && stated && value === expected) s.right++;
      else if (has) s.wrong++;
      else if (stated) s.missed++;
      if ((has || stated) && value !== expected) errors.push({ id: item.id, label: f.label.zh, expected, got: value });
    }
  }
  for (const s of Object.values(byField)) for (const k of Object.keys(total) as (keyof FieldStats)[]) total[k] += s[k];
  return { total, byField, errors };
}

/** The grid the fit searches, most cautious first (ties keep the earlier point). */
export const GRID: Record<keyof FillWeights, number[]> = {
  margin: [2, 1, 0.5, 0.25],
  lead: [3],
  tail: [1, 2, 3],
  clause: [1, 1.5, 2],
  topic: [0.25, 0.5, 0.9, 1.4],
  decay: [0.5, 1],
  near: [2],
  unit: [0, 1],
  named: [3],
};

/** The prior every point keeps: a nearer cue never counts less (lead ≥ tail ≥ clause > topic). */
const ordered = (w: FillWeights): boolean => w.lead >= w.tail && w.tail >= w.clause && w.clause > w.topic;

function* points(): Generator<FillWeights> {
  const keys = Object.keys(GRID) as (keyof FillWeights)[];
  const idx = keys.map(() => 0);
  for (;;) {
    const w = Object.fromEntries(keys.map((k, i) => [k, GRID[k][idx[i]!]!])) as unknown as FillWeights;
    if (ordered(w)) yield w;
    let i = keys.length - 1;
    while (i >= 0 && ++idx[i]! >= GRID[keys[i]!].length) idx[i--] = 0;
    if (i < 0) return;
  }
}

const loss = (s: FieldStats): number => s.wrong * 20 + s.missed;

/** The grid point with the least loss on `items`. */
export function fitWeights(def: FormDefinition, items: FillItem[], now: Date, tz: string): FillWeights {
  let best: { w: FillWeights; l: number } | null = null;
  for (const w of points()) {
    const l = loss(scoreFill(def, items, now, tz, w).total);
    if (!best || l < best.l) best = { w, l };
  }
  return best!.w;
}

/** k-fold cross-validation: fit on k−1 folds, score the held-out one, add up the held-out scores. */
export function crossValidate(def: FormDefinition, items: FillItem[], now: Date, tz: string, k = 5): FillScore {
  const sorted = [...items].sort((a, b) => a.id.localeCompare(b.id));
  const parts: FillScore[] = [];
  for (let fold = 0; fold < k; fold++) {
    const test = sorted.filter((_, i) => i % k === fold);
    const train = sorted.filter((_, i) => i % k !== fold);
    parts.push(scoreFill(def, test, now, tz, fitWeights(def, train, now, tz)));
  }
  const out: FillScore = { total: zero(), byField: {}, errors: parts.flatMap((p) => p.errors) };
  for (const p of parts) {
    for (const k2 of Object.keys(out.total) as (keyof FieldStats)[]) out.total[k2] += p.total[k2];
    for (const [label, s] of Object.entries(p.byField)) {
      const acc = out.byField[label] ?? zero();
      out.byField[label] = acc;
      for (const k2 of Object.keys(acc) as (keyof FieldStats)[]) acc[k2] += s[k2];
    }
  }
  return out;
}

import type { QaAnswer } from './answer.js';
import { normalizeCompare } from './normalize.js';

/** One line of an evaluation file (the format of shared/eval/dev.jsonl). */
export interface EvalItem {
  id: string;
  question: string;
  type?: string;
  doc: string | null;
  locator?: string | null;
  expect_any: string[];
  refuse: boolean;
}

export interface EvalResult {
  item: EvalItem;
  got: QaAnswer;
  hit1: boolean;
  hit3: boolean;
  answered: boolean;
}

const stem = (doc: string): string => doc.replace(/\.(txt|md|docx|pdf)$/i, '');

export function scoreOne(item: EvalItem, got: QaAnswer): EvalResult {
  const expect = item.expect_any.map(normalizeCompare);
  const doc = item.doc ? stem(item.doc) : null;
  const good = (c: { doc: string; quote: string }): boolean =>
    doc !== null && stem(c.doc) === doc && expect.some((e) => normalizeCompare(c.quote).includes(e));
  const hit1 = !got.refused && got.citations.slice(0, 1).some(good);
  const hit3 = !got.refused && got.citations.slice(0, 3).some(good);
  const answered =
    !got.refused &&
    expect.some((e) => normalizeCompare(got.answer).includes(e)) &&
    got.citations.slice(0, 3).some((c) => doc !== null && stem(c.doc) === doc);
  return { item, got, hit1, hit3, answered };
}

export interface EvalSummary {
  questions: number;
  hit_at_1: number;
  hit_at_3: number;
  answer_accuracy: number;
  refusal_recall: number;
  false_refusal_rate: number;
}

export function summarize(results: EvalResult[]): EvalSummary {
  const ans = results.filter((r) => !r.item.refuse);
  const ref = results.filter((r) => r.item.refuse);
  const rate = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);
  return {
    questions: results.length,
    hit_at_1: rate(ans.filter((r) => r.hit1).length, ans.length),
    hit_at_3: rate(ans.filter((r) => r.hit3).length, ans.length),
    answer_accuracy: rate(ans.filter((r) => r.answered).length, ans.length),
    refusal_recall: rate(ref.filter((r) => r.got.refused).length, ref.length),
    false_refusal_rate: rate(ans.filter((r) => r.got.refused).length, ans.length),
  };
}

export function isFailure(r: EvalResult): boolean {
  return r.item.refuse ? !r.got.refused : !(r.hit1 && r.answered);
}

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
  /**
   * Other passages that state the same rule (train.jsonl): a citation of one of them, quoting
   * one of its own expect_any, counts like the main passage.
   */
  alt?: { doc: string; locator?: string | null; expect_any: string[] }[];
}

export interface EvalResult {
  item: EvalItem;
  got: QaAnswer;
  hit1: boolean;
  hit3: boolean;
  hit5: boolean;
  answered: boolean;
}

const stem = (doc: string): string => doc.replace(/\.(txt|md|docx|pdf)$/i, '');

/** The (doc, expected phrases) pairs that count as correct: the main one, then each alt. */
function targets(item: EvalItem): { doc: string; expect: string[] }[] {
  if (!item.doc) return [];
  return [
    { doc: stem(item.doc), expect: item.expect_any.map(normalizeCompare) },
    ...(item.alt ?? []).map((a) => ({ doc: stem(a.doc), expect: a.expect_any.map(normalizeCompare) })),
  ];
}

/** Does a passage state the expected answer (used to label candidates when fitting)? */
export function passageMatches(item: EvalItem, p: { doc: string; text: string }): boolean {
  const text = normalizeCompare(p.text);
  return targets(item).some((t) => stem(p.doc) === t.doc && t.expect.some((e) => text.includes(e)));
}

export function scoreOne(item: EvalItem, got: QaAnswer): EvalResult {
  const ts = targets(item);
  const good = (c: { doc: string; quote: string }): boolean =>
    ts.some((t) => stem(c.doc) === t.doc && t.expect.some((e) => normalizeCompare(c.quote).includes(e)));
  const hit1 = !got.refused && got.citations.slice(0, 1).some(good);
  const hit3 = !got.refused && got.citations.slice(0, 3).some(good);
  const hit5 = !got.refused && got.citations.slice(0, 5).some(good);
  const answer = normalizeCompare(got.answer);
  const answered =
    !got.refused &&
    ts.some(
      (t) => t.expect.some((e) => answer.includes(e)) && got.citations.slice(0, 3).some((c) => stem(c.doc) === t.doc),
    );
  return { item, got, hit1, hit3, hit5, answered };
}

export interface EvalSummary {
  questions: number;
  hit_at_1: number;
  hit_at_3: number;
  hit_at_5: number;
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
    hit_at_5: rate(ans.filter((r) => r.hit5).length, ans.length),
    answer_accuracy: rate(ans.filter((r) => r.answered).length, ans.length),
    refusal_recall: rate(ref.filter((r) => r.got.refused).length, ref.length),
    false_refusal_rate: rate(ans.filter((r) => r.got.refused).length, ans.length),
  };
}

export function isFailure(r: EvalResult): boolean {
  return r.item.refuse ? !r.got.refused : !(r.hit1 && r.answered);
}

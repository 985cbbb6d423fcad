import type { Citation, Lang } from '../core/types.js';
import type { QaAnswer } from './answer.js';
import { normalizeSearch } from './normalize.js';
import { numberTokens } from './numerals.js';
import { type BuiltQuery, coverage, keyMatch } from './query.js';
import { qaText } from './texts.js';
import type { Passage } from './types.js';

/** A retrieved passage with its retrieval score and question coverage. */
export interface Ranked {
  passage: Passage;
  score: number;
  coverage: number;
  /** Best sentence coverage (number-bearing sentences preferred for quantity questions). */
  sentence: number;
}

/** Refuse when the best passage covers less of the question than this… */
export const REFUSE_BELOW = 0.5;
/** …or when no single sentence of it (number-bearing for quantity questions) covers this much. */
export const REFUSE_SENTENCE_BELOW = 0.45;

/** Offer a passage as a related topic only when it shares this much with the question. */
const SUGGEST_ABOVE = 0.25;

/** Years the question names (2007年): the answering passage must mention them. */
function yearsOf(question: string): string[] {
  return [...question.matchAll(/((?:19|20)\d\d)\s*年/g)].map((m) => m[1] ?? '');
}

/** Passages that may answer: enough coverage, and every named year present. */
export function answerable(ranked: Ranked[], question: string): Ranked[] {
  const years = yearsOf(question);
  return ranked.filter(
    (r) =>
      r.coverage >= REFUSE_BELOW &&
      r.sentence >= REFUSE_SENTENCE_BELOW &&
      years.every((y) => `${r.passage.heading}${r.passage.text}`.includes(y)),
  );
}

/** Split passage text into sentences; unpunctuated list lines join the line before. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const parts = line.match(/[^。！？!?]+[。！？!?]?/g) ?? [];
    const prev = out[out.length - 1];
    if (
      prev !== undefined &&
      !/[。！？!?；;]$/.test(prev) &&
      !/[。！？；]/.test(line) &&
      !/[：:]/.test(line.slice(0, 8))
    ) {
      out[out.length - 1] = `${prev}；${line}`;
      continue;
    }
    for (const p of parts) if (p.trim() !== '') out.push(p.trim());
  }
  return out;
}

function sentenceScore(q: BuiltQuery, sentence: string): number {
  const s = normalizeSearch(sentence);
  let score = 0;
  for (const k of q.keys) score += k.idf * k.weight * keyMatch(k, s);
  if (q.wantsNumber && numberTokens(s).length > 0) score *= 1.25;
  return score;
}

/** The best one or two sentences of a passage for the question, in document order. */
export function bestSentences(q: BuiltQuery, p: Passage): string[] {
  const ss = sentences(p.text);
  // A short passage is itself the answer unit.
  if (p.text.length <= 110) return ss;
  const scored = ss.map((s, i) => ({ s, i, score: sentenceScore(q, s) }));
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.i - b.i);
  const best = ranked[0];
  if (!best) return [];
  // A lead-in that lists (工会经费的来源：（一）…): the list is the answer.
  if (/[：:]/.test(best.s) && p.text.length <= 300) return ss;
  const pick = [best];
  // A short lead sentence (认真抓好两项调研。) announces what the next sentence says.
  const next = scored[best.i + 1];
  if (best.s.length <= 20 && next && best.s.length + next.s.length <= 300) {
    pick.push(next);
    return pick.map((x) => x.s);
  }
  const second = ranked[1];
  if (second && second.score >= 0.75 * best.score && second.score > 0 && best.s.length + second.s.length <= 260)
    pick.push(second);
  return pick.sort((a, b) => a.i - b.i).map((x) => x.s);
}

export function citationOf(p: Passage, quote: string): Citation {
  return { doc: p.doc, locator: p.locator, quote };
}

/** Short names of the closest passages, offered when refusing. */
export function suggestionsOf(ranked: Ranked[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of ranked) {
    if (r.coverage < SUGGEST_ABOVE) continue;
    const label = `《${r.passage.title}》${r.passage.locator}${r.passage.heading ? ` ${r.passage.heading.split(' ').pop()}` : ''}`;
    if (!seen.has(label)) {
      seen.add(label);
      out.push(label);
    }
    if (out.length >= 3) break;
  }
  return out;
}

export function refusal(lang: Lang, ranked: Ranked[]): QaAnswer {
  const suggestions = suggestionsOf(ranked);
  const text =
    suggestions.length > 0
      ? `${qaText(lang, 'refuse')}\n${qaText(lang, 'suggest')}\n${suggestions.map((s) => `· ${s}`).join('\n')}`
      : qaText(lang, 'refuse');
  return { answer: text, citations: [], refused: true, suggestions };
}

/** Extractive answer: the sentences that answer, with citations best first. */
export function extractiveAnswer(q: BuiltQuery, all: Ranked[], lang: Lang, question: string): QaAnswer {
  const ranked = answerable(all.slice(0, 5), question);
  const top = ranked[0];
  if (!top) return refusal(lang, all);
  const main = bestSentences(q, top.passage);
  const citations: Citation[] = [citationOf(top.passage, main.join(''))];
  for (const r of ranked.slice(1)) {
    if (citations.length >= 3) break;
    if (r.score < 0.6 * top.score) continue;
    const quote = bestSentences(q, r.passage).join('');
    if (quote !== '') citations.push(citationOf(r.passage, quote));
  }
  const body = main.join('');
  return { answer: lang === 'en' ? `${qaText('en', 'englishNote')}${body}` : body, citations, refused: false };
}

export { coverage };

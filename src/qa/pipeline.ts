import type { Lang } from '../core/types.js';
import type { QaAnswer } from './answer.js';
import { extractiveAnswer } from './answer-extractive.js';
import { englishToChinese, isEnglish } from './english.js';
import type { CorpusState } from './features.js';
import type { QaModel } from './model.js';
import { isFollowUp } from './query.js';
import { type RankResult, rank } from './rank.js';

/**
 * The offline question → answer path, shared by the service, `eval` and `fit`, so what is
 * fitted and scored is exactly what users get without an LLM.
 */

/**
 * Chinese query text: English questions through the bilingual glossary, followed by the
 * question's own English words (they meet the passages' English expansion questions; query.ts
 * keeps Latin words as search terms, not as key words).
 */
export function offlineQueryText(question: string): string {
  return isEnglish(question) ? `${englishToChinese(question)} ${question}` : question;
}

export interface AskOptions {
  history?: { question: string; answer: string }[];
  lang?: Lang;
  /** Replace the offline query text (an LLM rewrite into the corpus's wording). */
  rewrite?: (q: string) => Promise<string>;
}

/** Previous question when this one is a short follow-up ("那女职工呢？"), else null. */
export function previousQuestion(question: string, history: { question: string }[] | undefined): string | null {
  const last = history?.[history.length - 1];
  return last && isFollowUp(question) ? last.question : null;
}

export function answerWith(
  state: CorpusState,
  model: QaModel,
  question: string,
  opts: {
    history?: { question: string; answer: string }[];
    lang?: Lang;
    queryText?: string;
    previousText?: string | null;
  } = {},
): { answer: QaAnswer; rank: RankResult; lang: Lang } {
  const q = question.trim();
  const lang: Lang = opts.lang ?? (isEnglish(q) ? 'en' : 'zh');
  const text = opts.queryText ?? offlineQueryText(q);
  const prev = previousQuestion(q, opts.history);
  const previous = opts.previousText !== undefined ? opts.previousText : prev === null ? null : offlineQueryText(prev);
  const r = rank(state, text, previous, model);
  // A question about something else is refused without naming the domain's topics.
  const answer = extractiveAnswer(r.query, r.offTopic ? [] : r.ranked, lang, text, {
    answerable: r.answerable,
    threshold: model.threshold,
    passages: state.passages,
  });
  return { answer, rank: r, lang };
}

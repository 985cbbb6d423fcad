import type { Citation, Lang } from '../core/types.js';
import type { QaAnswer } from './answer.js';
import { normalizeSearch } from './normalize.js';
import { numberTokens } from './numerals.js';
import { type BuiltQuery, coverage, keyMatch } from './query.js';
import { sectionAnswerAmong, sectionText } from './answer-section.js';
import { laterRulesOf } from './superseded.js';
import { qaText } from './texts.js';
import { parseChineseInt } from '../core/zh-numerals.js';
import type { Passage } from './types.js';

/** A retrieved passage with its retrieval score and question coverage. */
export interface Ranked {
  passage: Passage;
  score: number;
  coverage: number;
  /** Best sentence coverage (number-bearing sentences preferred for quantity questions). */
  sentence: number;
}

/** Offer a passage as a related topic only when it shares this much with the question. */
const SUGGEST_ABOVE = 0.25;

/** Years the question names (2007年): the answering passage must mention them. */
function yearsOf(question: string): string[] {
  return [...question.matchAll(/((?:19|20)\d\d)\s*年/g)].map((m) => m[1] ?? '');
}

/** Every year the question names is in the passage (or its headings). */
export function yearsPresent(r: Ranked, question: string): boolean {
  return yearsOf(question).every((y) => `${r.passage.heading}${r.passage.text}`.includes(y));
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

/** A sentence's key-word score (in search form), each key weighted by `local` (1 where absent). */
function sentenceScore(q: BuiltQuery, searchForm: string, local: number[]): number {
  let score = 0;
  q.keys.forEach((k, j) => {
    score += k.idf * k.weight * keyMatch(k, searchForm) * (local[j] ?? 1);
  });
  if (q.wantsNumber && numberTokens(searchForm).length > 0) score *= 1.25;
  return score;
}

/**
 * Within one passage, a key word every sentence shares (实习 in an article on internships) tells
 * its sentences apart less than one only a sentence holds (不给钱 → 劳动报酬): 1 + ln(N / n), n the
 * sentences that hold it.
 */
function localWeights(q: BuiltQuery, searchForms: string[]): number[] {
  return q.keys.map((k) => {
    const n = searchForms.filter((x) => keyMatch(k, x) > 0).length;
    return n > 0 ? 1 + Math.log(searchForms.length / n) : 1;
  });
}

/** The local weights of the key words in the focus clause only (0 for the others). */
function focusOnly(q: BuiltQuery, focus: string, local: number[]): number[] {
  return q.keys.map((k, j) => (k.word.length >= 2 && focus.includes(k.word) ? (local[j] ?? 1) : 0));
}

/**
 * The clause that asks (接触职业病危害的员工……做的体检，费用由谁出？ → 费用由谁出): earlier clauses set
 * the scene the passage already matched; the answer sentence must hold what the last one asks.
 * Null for a one-clause question.
 */
export function focusClause(question: string): string | null {
  const parts = question
    .split(/[，,。；;？?！!\s]/)
    .map((x) => x.trim())
    .filter((x) => /[\u3400-\u9fff]/.test(x));
  // A closing tag (这对吗, 这样合法吗, 行不行) asks whether the story is lawful; the clause before it says what.
  while (parts.length > 0 && LEGALITY_TAG.test(parts[parts.length - 1] as string)) parts.pop();
  return parts.length >= 2 ? (parts[parts.length - 1] as string) : null;
}

/** A clause that only asks whether what was said is right or lawful. */
const LEGALITY_TAG =
  /^(请问)?(那|这|那么)?(样|个|种)?(做法|情况)?(是不是|是否|算)?(对|合理|合法|合规|正常|公平|违法|可以|行|允许|说得过去|有道理|中|对不对|行不行|合不合法|合不合理|可不可以|算不算|中不中)(的)?(吗|不|么|吧|呢|啊|嘛)?$/;

/** The best one or two sentences of a passage for the question, in document order. */
export function bestSentences(q: BuiltQuery, p: Passage): string[] {
  const ss = sentences(p.text);
  // A short passage is itself the answer unit.
  if (p.text.length <= 110) return ss;
  // Ranked by the locally weighted score; a second sentence joins on the plain score.
  const forms = ss.map((x) => normalizeSearch(x));
  const local = localWeights(q, forms);
  const scored = ss.map((s, i) => ({
    s,
    i,
    score: sentenceScore(q, forms[i] as string, local),
    plain: sentenceScore(q, forms[i] as string, []),
  }));
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
  // The sentence that answers the question's last clause (费用由谁出) joins the best one when that lacks it.
  const focus = focusClause(q.text);
  const onFocus =
    focus === null ? [] : scored.map((x) => sentenceScore(q, forms[x.i] as string, focusOnly(q, focus, local)));
  const fi = onFocus.indexOf(Math.max(0, ...onFocus));
  const focused = scored[fi];
  if (
    focused &&
    fi !== best.i &&
    (onFocus[fi] as number) > (onFocus[best.i] as number) &&
    best.s.length + focused.s.length <= 300
  ) {
    pick.push(focused);
    return pick.sort((a, b) => a.i - b.i).map((x) => x.s);
  }
  const second = ranked[1];
  if (second && second.plain >= 0.75 * best.plain && second.plain > 0 && best.s.length + second.s.length <= 260)
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

/** An article whose lead-in announces items (按照下列规定：, 包括：) is answered whole. */
const LEAD_IN = /(下列|以下|如下|包括)[^。]{0,12}[：:]|[：:]\s*\n?\s*[(（][一二三四五六七八九十]+[)）]/;

/** The answer text: the rule in one or two sentences, or the whole passage for lists and lead-ins. */
export function answerBody(q: BuiltQuery, p: Passage): string {
  if (q.asks === 'list' || LEAD_IN.test(p.text) || p.text.length <= 220) return p.text;
  return bestSentences(q, p).join('');
}

/** 第四十四条 → Article 44 (English answers name the article they quote). */
export function englishLocator(locator: string): string {
  const m = /^第([零〇一二两三四五六七八九十百千\d]+)条$/.exec(locator);
  const n = m ? parseChineseInt(m[1] ?? '') : null;
  return n !== null ? `Article ${n}` : locator;
}

/**
 * Extractive answer from a ranked list: refuses below the fitted gate threshold; otherwise the
 * rule first, the whole passage as the first citation's quote, and further citations only when
 * they are nearly as good and come from elsewhere.
 */
export function extractiveAnswer(
  q: BuiltQuery,
  all: Ranked[],
  lang: Lang,
  question: string,
  gate: { answerable: number; threshold: number; passages?: Passage[] } = { answerable: 1, threshold: 0 },
): QaAnswer {
  const top = all[0];
  // P(answerable) = 0: a veto or no topic word of the question in the best passage.
  if (!top || gate.answerable <= 0 || gate.answerable < gate.threshold || !yearsPresent(top, question))
    return refusal(lang, all);
  const section = gate.passages ? sectionAnswerAmong(q, gate.passages, all) : null;
  const body = section ? sectionText(section) : answerBody(q, top.passage);
  const citations: Citation[] = [
    section
      ? { doc: top.passage.doc, locator: section.locator, quote: section.items.map((it) => it.label).join('\n') }
      : citationOf(top.passage, top.passage.text),
  ];
  for (const r of all.slice(1, 4)) {
    if (citations.length >= 3) break;
    if (r.score < top.score - RELATED_WITHIN || r.coverage < top.coverage * 0.9) continue;
    if (citations.some((c) => c.doc === r.passage.doc && c.locator === r.passage.locator)) continue;
    if (section && r.passage.doc === top.passage.doc && section.items.some((it) => it.locator === r.passage.locator))
      continue;
    citations.push(citationOf(r.passage, r.passage.text));
  }
  // An older article a later regulation replaced in part says so, and names the later one(s).
  const notes = (section ? [] : laterRulesOf(top.passage)).flatMap((later) => {
    const title = gate.passages?.find((p) => p.doc === later.new.doc)?.title;
    const locator = lang === 'en' ? englishLocator(later.new.locator) : later.new.locator;
    return title ? [`\n${qaText(lang, 'superseded', { why: later.why, title, locator })}`] : [];
  });
  const note = notes.join('');
  const answer =
    lang === 'en'
      ? `${qaText('en', 'englishSource', { title: top.passage.title, locator: englishLocator(citations[0]?.locator ?? '') })}${body}${note}`
      : `${body}${note}`;
  return { answer, citations, refused: false, kind: q.asks, confidence: gate.answerable };
}

/** A further passage is cited when its re-ranker score is within this of the best. */
export const RELATED_WITHIN = 0.15;

export { coverage };

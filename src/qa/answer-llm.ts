import type OpenAI from 'openai';
import type { Logger } from 'pino';
import type { Citation, Lang } from '../core/types.js';
import type { QaAnswer } from './answer.js';
import { bestSentences, citationOf, type Ranked, refusal } from './answer-extractive.js';
import { checkGrounding } from './grounding.js';
import type { BuiltQuery } from './query.js';
import { qaPrompt } from './texts.js';

/**
 * Grounded generation: the model sees numbered passages and must cite [n] for every claim.
 * Citations to passages that were not retrieved are dropped; errors and timeouts fall back
 * to the extractive answer. Retrieved and user text are data, delimited and de-tagged; passages
 * from documents uploaded in the console are marked untrusted, and an answer is kept only when
 * every sentence is grounded in the passages it cites (src/qa/grounding.ts).
 */

export interface LlmDeps {
  client: OpenAI;
  model: string;
  timeoutMs: number;
}

export const LLM_PASSAGES = 5;
const NO_ANSWER = 'NO_ANSWER';

const ZERO_WIDTH = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;
const TAG_LIKE = /[<\uff1c\u2039\u2329\u3008\ufe64][^<>\uff1c\uff1e]{0,64}[>\uff1e\u203a\u232a\u3009\ufe65]/g;
const DELIMITER = /^<\/?(passages|passage|question|history)\b/i;

/**
 * Remove anything that could close or open our data delimiters, near misses included: full-width
 * or look-alike brackets and letters (NFKC), zero-width characters, spaces (`< /passages>`).
 */
export function asData(s: string): string {
  return s.replace(ZERO_WIDTH, '').replace(TAG_LIKE, (m) => {
    const plain = m.normalize('NFKC').replace(/[\u2039\u2329\u3008]/g, '<').replace(/\s+/g, '');
    return DELIMITER.test(plain) ? ' ' : m;
  });
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** Shown after an uploaded document's passage header; the system prompt says what it means. */
export const UNTRUSTED_MARK = '（上传资料，未经核实 / uploaded, unverified）';

/** What the model is shown as passage [i + 1] (also what its answer is checked against). */
function passageText(r: Ranked): string {
  return `《${r.passage.title}》${r.passage.locator}\n${r.passage.text}`;
}

export function buildMessages(
  question: string,
  lang: Lang,
  ranked: Ranked[],
  history: { question: string; answer: string }[],
  uploaded: ReadonlySet<string> = new Set(),
): { role: 'system' | 'user'; content: string }[] {
  const passages = ranked
    .slice(0, LLM_PASSAGES)
    .map((r, i) => {
      const mark = uploaded.has(r.passage.doc) ? UNTRUSTED_MARK : '';
      return `[${i + 1}] 《${asData(r.passage.title)}》${asData(r.passage.locator)}${mark}\n${asData(r.passage.text)}`;
    })
    .join('\n\n');
  const hist = history
    .slice(-3)
    .map((h) => `问：${asData(h.question)}\n答：${asData(h.answer)}`)
    .join('\n');
  return [
    { role: 'system', content: fill(qaPrompt('system'), { lang: lang === 'en' ? '英文（English）' : '中文' }) },
    { role: 'user', content: fill(qaPrompt('user'), { passages, history: hist, question: asData(question) }) },
  ];
}

export async function complete(
  llm: LlmDeps,
  messages: { role: 'system' | 'user'; content: string }[],
): Promise<string> {
  const res = await llm.client.chat.completions.create(
    { model: llm.model, messages, temperature: 0 },
    { timeout: llm.timeoutMs, maxRetries: 0, signal: AbortSignal.timeout(llm.timeoutMs) },
  );
  return res.choices[0]?.message?.content?.trim() ?? '';
}

/** Keep only [n] that point at a retrieved passage; citations in order of first use. */
export function groundCitations(
  text: string,
  ranked: Ranked[],
  query: BuiltQuery | null,
): { text: string; citations: Citation[] } {
  const shown = Math.min(LLM_PASSAGES, ranked.length);
  const order: number[] = [];
  const cleaned = text
    .replace(/\[(\d+)\]/g, (_, n: string) => {
      const i = Number(n);
      if (i < 1 || i > shown) return '';
      if (!order.includes(i)) order.push(i);
      return `[${i}]`;
    })
    .replace(/(?<![ \t])[ \t]+([，。；,.;])/g, '$1')
    .trim();
  const citations = order.map((i) => {
    const p = (ranked[i - 1] as Ranked).passage;
    const quote = query ? bestSentences(query, p).join('') : p.text.slice(0, 200);
    return citationOf(p, quote || p.text.slice(0, 200));
  });
  return { text: cleaned, citations };
}

export async function llmAnswer(
  llm: LlmDeps,
  a: {
    question: string;
    lang: Lang;
    ranked: Ranked[];
    history: { question: string; answer: string }[];
    fallback: QaAnswer;
    query: BuiltQuery;
    logger: Logger;
    /** Names of documents uploaded in the console (untrusted). */
    uploaded?: ReadonlySet<string>;
  },
): Promise<QaAnswer> {
  try {
    const out = await complete(llm, buildMessages(a.question, a.lang, a.ranked, a.history, a.uploaded));
    if (out === '' || out.includes(NO_ANSWER)) return a.fallback.refused ? a.fallback : refusal(a.lang, a.ranked);
    const g = groundCitations(out, a.ranked, a.query);
    if (g.citations.length === 0) {
      a.logger.warn('qa: model answer without valid citations; using extractive answer');
      return a.fallback;
    }
    const shown = a.ranked.slice(0, LLM_PASSAGES).map(passageText);
    const grounded = checkGrounding(g.text, shown, a.lang);
    if (!grounded.ok) {
      const fromUploads = g.citations.some((c) => a.uploaded?.has(c.doc));
      a.logger.warn(
        { reason: grounded.reason, fromUploads },
        'qa: model answer not grounded in the passages it cites; using extractive answer',
      );
      return a.fallback;
    }
    return { answer: g.text, citations: g.citations, refused: false };
  } catch (err) {
    a.logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'qa: LLM answer failed; extractive fallback',
    );
    return a.fallback;
  }
}

/** Any question → a Chinese search query in the corpus's wording via the model; null on any error. */
export async function llmRewriteQuery(llm: LlmDeps, question: string, logger: Logger): Promise<string | null> {
  try {
    const out = await complete(llm, [
      { role: 'system', content: qaPrompt('rewrite') },
      { role: 'user', content: asData(question) },
    ]);
    return out.replace(/\s+/g, ' ').slice(0, 200) || null;
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'qa: query rewrite failed');
    return null;
  }
}

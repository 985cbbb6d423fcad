import type { Logger } from 'pino';
import type { Ranked } from './answer-extractive.js';
import { asData, complete, type LlmDeps } from './answer-llm.js';
import { qaPrompt } from './texts.js';

/**
 * LLM re-ranking of the offline top candidates: the model sees numbered passages and returns
 * the numbers of those that answer, best first. Anything but a plain list of valid numbers
 * (an error, a timeout, prose, NONE) keeps the offline order.
 */
export const RERANK_TOP = 20;
const PASSAGE_CHARS = 400;

export function rerankMessages(question: string, ranked: Ranked[]): { role: 'system' | 'user'; content: string }[] {
  const passages = ranked
    .slice(0, RERANK_TOP)
    .map(
      (r, i) =>
        `[${i + 1}] 《${asData(r.passage.title)}》${asData(r.passage.locator)} ${asData(r.passage.heading)}\n${asData(r.passage.text.slice(0, PASSAGE_CHARS))}`,
    )
    .join('\n\n');
  return [
    { role: 'system', content: qaPrompt('rerank') },
    { role: 'user', content: `<question>\n${asData(question)}\n</question>\n\n<passages>\n${passages}\n</passages>` },
  ];
}

/** "3,1,7" → [3, 1, 7] (1-based, valid, unique); null unless the reply is only such a list. */
export function parseIds(reply: string, n: number): number[] | null {
  const s = reply.trim().replace(/^\[|\]$/g, '');
  // Digits and separators only (one class, no nesting: the nested form was exponential on `0,0\t\t0\t\t…,`).
  if (!/^\d[\d,，、\s]*$/.test(s) || !/\d$/.test(s)) return null;
  const ids = [...new Set(s.split(/[^\d]+/).map(Number))].filter((i) => i >= 1 && i <= n);
  return ids.length > 0 ? ids : null;
}

/** The candidates the model picked first (in its order), then the rest in offline order. */
export function reorder(ranked: Ranked[], ids: number[]): Ranked[] {
  const picked = ids.map((i) => ranked[i - 1] as Ranked);
  return [...picked, ...ranked.filter((r) => !picked.includes(r))];
}

export async function llmRerank(llm: LlmDeps, question: string, ranked: Ranked[], logger: Logger): Promise<Ranked[]> {
  if (ranked.length < 2) return ranked;
  try {
    const ids = parseIds(await complete(llm, rerankMessages(question, ranked)), Math.min(RERANK_TOP, ranked.length));
    if (!ids) {
      logger.warn('qa: re-rank reply is not a list of passage numbers; offline order kept');
      return ranked;
    }
    return reorder(ranked, ids);
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'qa: LLM re-rank failed; offline order');
    return ranked;
  }
}

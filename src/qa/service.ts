import { type FSWatcher, watch } from 'node:fs';
import type OpenAI from 'openai';
import type { Logger } from 'pino';
import type { Lang } from '../core/types.js';
import type { QaAnswer } from './answer.js';
import { llmAnswer, llmRewriteQuery } from './answer-llm.js';
import { loadCorpus } from './corpus.js';
import { llmRerank } from './llm-rerank.js';
import { isEnglish } from './english.js';
import { answerWith, offlineQueryText } from './pipeline.js';
import { Bm25Index } from './index-bm25.js';
import { isFollowUp } from './query.js';
import { words } from './segment.js';
import { loadModel, type QaModel } from './model.js';
import { prepareState, rank } from './rank.js';
import { uploadedDocs } from './uploads.js';
import type { DocInfo, Passage } from './types.js';

export interface LlmConfig {
  client: OpenAI;
  model: string;
  timeoutMs: number;
}

/** The loaded passages, for other capabilities (curating answers): the same index the Q&A answers from. */
export interface QaPassages {
  /** The best passages for a query, ranked as the Q&A ranks them. */
  search(query: string, k: number): Passage[];
  /** The passage at a document and locator, if the corpus still has it. */
  find(doc: string, locator: string): Passage | null;
  /** Inverse document frequency of a term over the passages (high for a term the corpus lacks). */
  idf(term: string): number;
}

export interface QaService {
  answer(question: string, opts?: { history?: { question: string; answer: string }[]; lang?: Lang }): Promise<QaAnswer>;
  passages: QaPassages;
  reload(): Promise<{ docs: number; passages: number }>;
  documents(): { doc: string; title: string; passages: number; loadedAt: string }[];
  close(): Promise<void>;
}

export interface QaServiceOptions {
  corpusDirs: string[];
  cacheDir: string;
  logger: Logger;
  llm: LlmConfig | null;
  watch?: boolean;
  /** Re-ranker and refusal gate; default the fitted src/qa/model/fitted.json. */
  model?: QaModel;
}

interface State {
  docs: DocInfo[];
  passages: Passage[];
  index: Bm25Index;
  docNames?: { name: string; doc: string }[];
  /** doc + locator → passage, built on first use. */
  byPlace?: Map<string, Passage>;
}

const place = (doc: string, locator: string): string => `${doc}\u0000${locator}`;

export async function createQaService(opts: QaServiceOptions): Promise<QaService> {
  const { logger } = opts;
  const model = opts.model ?? loadModel();
  let state: State;
  const load = async (): Promise<State> => {
    const t0 = performance.now();
    const c = await loadCorpus(opts.corpusDirs, opts.cacheDir, logger);
    logger.info(
      {
        docs: c.docs.length,
        passages: c.passages.length,
        fromCache: c.fromCache,
        ms: Math.round(performance.now() - t0),
      },
      'qa: corpus loaded',
    );
    return prepareState({ docs: c.docs, passages: c.passages, index: new Bm25Index(c.index) });
  };
  state = await load();
  words('预热'); // load the jieba dictionary now, not on the first question

  let reloading: Promise<{ docs: number; passages: number }> | null = null;
  const reload = (): Promise<{ docs: number; passages: number }> => {
    reloading ??= load()
      .then((s) => {
        state = s;
        return { docs: s.docs.length, passages: s.passages.length };
      })
      .finally(() => {
        reloading = null;
      });
    return reloading;
  };

  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  if (opts.watch) {
    for (const dir of opts.corpusDirs) {
      try {
        const w = watch(dir, { recursive: true }, () => {
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => {
            timer = null;
            reload().catch((err: unknown) => logger.error({ err }, 'qa: reload after file change failed'));
          }, 500);
        });
        w.on('error', (err) => logger.warn({ err, dir }, 'qa: corpus watcher error'));
        watchers.push(w);
      } catch (err) {
        logger.warn({ err, dir }, 'qa: cannot watch corpus folder');
      }
    }
  }

  /** Chinese query text: the offline form (glossary for English), plus the model's rewrite into corpus wording. */
  const toChinese = async (q: string): Promise<string> => {
    const offline = offlineQueryText(q);
    if (!opts.llm) return offline;
    const rewritten = await llmRewriteQuery(opts.llm, q, logger);
    return rewritten ? `${offline} ${rewritten}` : offline;
  };

  return {
    async answer(question, o = {}) {
      const lang: Lang = o.lang ?? (isEnglish(question) ? 'en' : 'zh');
      const q = await toChinese(question.trim());
      const last = o.history?.[o.history.length - 1];
      const previous = last && isFollowUp(question) ? await toChinese(last.question) : null;
      const { answer: fallback, rank: r } = answerWith(state, model, question, {
        history: o.history,
        lang,
        queryText: q,
        previousText: previous,
      });
      const { ranked, query } = r;
      if (!opts.llm || ranked.length === 0) return fallback;
      const reranked = await llmRerank(opts.llm, question, ranked, logger);
      return llmAnswer(opts.llm, {
        question,
        lang,
        ranked: reranked,
        history: o.history ?? [],
        fallback,
        query,
        logger,
        uploaded: uploadedDocs(state.docs),
      });
    },
    passages: {
      search: (query, k) =>
        rank(state, query, null, model)
          .ranked.slice(0, k)
          .map((r) => r.passage),
      find(doc, locator) {
        const s = state;
        if (!s.byPlace) {
          s.byPlace = new Map();
          for (const p of s.passages)
            if (!s.byPlace.has(place(p.doc, p.locator))) s.byPlace.set(place(p.doc, p.locator), p);
        }
        return s.byPlace.get(place(doc, locator)) ?? null;
      },
      idf: (term) => state.index.idf(term),
    },
    reload,
    documents: () =>
      state.docs.map((d) => ({ doc: d.doc, title: d.title, passages: d.passages, loadedAt: d.loadedAt })),
    async close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      await reloading?.catch(() => undefined);
    },
  };
}

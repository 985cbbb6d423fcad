import path from 'node:path';
import OpenAI from 'openai';
import { type Logger, pino } from 'pino';
import { loadCorpus } from './corpus.js';
import type { CorpusState } from './features.js';
import { Bm25Index } from './index-bm25.js';
import { qaRoot, resolveCorpusDirs } from './paths.js';
import { prepareState } from './rank.js';
import { createQaService, type LlmConfig, type QaService } from './service.js';

/** A logger that writes to stderr only (stdout is reserved for CLI output). */
export function stderrLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL || 'warn' }, pino.destination(2));
}

/** OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL / OPENAI_TIMEOUT_MS → LLM config, or null. */
export function llmFromEnv(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return null;
  const baseURL = env.OPENAI_BASE_URL?.trim();
  const timeoutMs = Number(env.OPENAI_TIMEOUT_MS?.trim() || 15000);
  return {
    client: new OpenAI({ apiKey, ...(baseURL ? { baseURL } : {}), maxRetries: 0 }),
    model: env.OPENAI_MODEL?.trim() || 'gpt-4o-mini',
    timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 15000,
  };
}

/** The Q&A service the CLI tools use: CORPUS_DIRS (default `corpus`), cache under .cache/qa. */
export function qaServiceFromEnv(logger: Logger = stderrLogger()): Promise<QaService> {
  return createQaService({
    corpusDirs: resolveCorpusDirs(process.env.CORPUS_DIRS),
    cacheDir: path.resolve(qaRoot, process.env.QA_CACHE_DIR || '.cache/qa'),
    logger,
    llm: llmFromEnv(),
    watch: false,
  });
}

/** The corpus as a ranking state (no service, no LLM): for `eval --cv` and `fit`. */
export async function corpusStateFromEnv(defaultDirs = 'corpus'): Promise<CorpusState> {
  const c = await loadCorpus(
    resolveCorpusDirs(process.env.CORPUS_DIRS || defaultDirs),
    path.resolve(qaRoot, process.env.QA_CACHE_DIR || '.cache/qa'),
    stderrLogger(),
  );
  return prepareState({ passages: c.passages, index: new Bm25Index(c.index) });
}

/**
 * Policy Q&A: retrieval over the document corpus with citations, offline first, OpenAI optional.
 *
 * Flow: load.ts lists CORPUS_DIRS (.txt/.md/.docx/.pdf; decode.ts detects GB18030) → normalize.ts →
 * parse-law.ts (第X条 with 款/项) or parse-doc.ts (一、(一) 1、 topic paragraphs, 附件N) → passages
 * {doc, title, locator, heading, text} → segment.ts (jieba cut + bigrams + numerals.ts tokens) →
 * build-index.ts (worker threads for large corpora) → cache.ts (binary, keyed by content hash).
 * A question → english.ts (offline term map, or an LLM rewrite) → query.ts (synonyms.ts, follow-up
 * history) → index-bm25.ts (BM25F, typed-array postings) → rank.ts (coverage re-rank) →
 * answer-extractive.ts (sentences + citations, or a refusal with suggestions) → answer-llm.ts when
 * OpenAI is configured (grounded [n] citations, fallback to the extractive answer).
 * feature.ts plugs it into the chat (follow-up history in Redis); src/cli/ask.ts, src/cli/eval.ts.
 */
export type { QaAnswer } from './answer.js';
export { createQaService, type LlmConfig, type QaService, type QaServiceOptions } from './service.js';

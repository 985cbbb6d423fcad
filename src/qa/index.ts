/**
 * Policy Q&A: retrieval over the document corpus with citations, offline first, OpenAI optional.
 *
 * Flow: load.ts lists CORPUS_DIRS (.txt/.md/.docx/.pdf; decode.ts detects GB18030) → normalize.ts →
 * parse-law.ts (第X条 with 款/项) or parse-doc.ts (一、(一) 1、 topic paragraphs, 附件N) → passages
 * {doc, title, locator, heading, text} → segment.ts (jieba cut + bigrams + numerals.ts tokens, and
 * character bigrams in the same postings) → build-index.ts (worker threads for large corpora) →
 * cache.ts (binary, keyed by content hash).
 * A question → english.ts (glossary lexicon/english.json, or an LLM rewrite) → query.ts (synonyms.ts
 * = lexicon/colloquial.json, follow-up history) → features.ts (word + character BM25 candidates and
 * re-ranking features) → rank.ts (fitted weights and refusal gate from model/fitted.json, model.ts)
 * → answer-extractive.ts (the rule, the whole article quoted once, or a refusal with suggestions) →
 * answer-llm.ts when OpenAI is configured (grounded [n] citations, fallback to the extractive answer).
 * pipeline.ts is the offline path shared with `eval --cv` (eval-cv.ts) and `fit` (fit.ts).
 * feature.ts plugs it into the chat (follow-up history in Redis); src/cli/ask.ts, src/cli/eval.ts.
 */
export type { QaAnswer } from './answer.js';
export { createQaService, type LlmConfig, type QaService, type QaServiceOptions } from './service.js';

/** Policy Q&A: retrieval over the document corpus with citations, offline first, OpenAI optional. */
export type { QaAnswer } from './answer.js';
export { createQaService, type LlmConfig, type QaService, type QaServiceOptions } from './service.js';

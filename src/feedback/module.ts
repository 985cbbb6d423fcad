import type { Deps } from '../core/deps.js';
import type { Module } from '../core/module.js';
import type { Qa } from '../qa/module.js';
import { createFeedbackModule } from './handlers.js';
import { type Feedback as FeedbackService, createFeedback as createFeedbackService } from './service.js';

export interface Feedback {
  service: FeedbackService;
  module: Module;
}

/**
 * Feedback and curated answers over the Q&A: its question handler and /ask wrap the Q&A module's.
 * Thin on purpose: the service (createFeedback in service.ts) and the handlers are plain functions.
 */
export function createFeedback(deps: Deps, io: { qa: Qa }): Feedback {
  const service = createFeedbackService(deps, { qa: io.qa.service });
  return { service, module: createFeedbackModule(service, io.qa.module) };
}

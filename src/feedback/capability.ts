import type { Capability, CapabilityContext } from '../core/capability.js';
import type { Deps } from '../deps.js';
import { createQaFeature } from '../qa/feature.js';
import { createFeedbackFeature } from './handlers.js';
import { type Feedback, createFeedback } from './service.js';

declare module '../deps.js' {
  interface Services {
    feedback: Feedback;
  }
}

/**
 * Feedback and curated answers, registered after the Q&A: its question handler wraps the Q&A's.
 * Thin on purpose: the service (createFeedback) and the handlers are plain functions.
 */
export async function createFeedbackCapability(deps: Deps, _ctx: CapabilityContext): Promise<Capability> {
  const qa = deps.services.qa;
  if (!qa) return { name: 'feedback' };
  const fb = createFeedback(deps, { qa });
  deps.services.feedback = fb;
  return { name: 'feedback', features: [createFeedbackFeature(fb, createQaFeature(qa))] };
}

import type { Citation } from '../core/types.js';
import type { AnswerType } from './query.js';

/**
 * One answer of the Q&A service. The first citation is the passage that states the rule; its
 * `quote` is that whole article or passage (quoted once). Further citations are related passages
 * that add something (renderers show them under 相关条文).
 */
export interface QaAnswer {
  /** The rule in one or two sentences, or the whole article for lists and lead-ins (按照下列规定). */
  answer: string;
  citations: Citation[];
  refused: boolean;
  /** On refusal: the closest topics the corpus does cover. */
  suggestions?: string[];
  /** What the question asked for (number, date, court, list, who, other); absent on refusal. */
  kind?: AnswerType;
  /** The refusal gate's P(answerable) for an answer given (absent on refusal). */
  confidence?: number;
}

/**
 * An answer given with less than even odds (by the fitted gate) that the corpus answers the
 * question: shown to the office in 待处理问题 for review.
 */
export const LOW_CONFIDENCE_BELOW = 0.5;

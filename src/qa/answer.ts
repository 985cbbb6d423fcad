import type { Citation } from '../core/types.js';

export interface QaAnswer {
  answer: string;
  citations: Citation[];
  refused: boolean;
  suggestions?: string[];
}

import type { ChannelName, Citation, Lang } from '../core/types.js';

/** Why an answer is in the review queue. */
export type ReviewReason = 'refused' | 'low_confidence' | 'down';

/** One question as it was asked and answered (the identity only as a salted hash). */
export interface AskRecord {
  id: string;
  question: string;
  answer: string;
  citations: Citation[];
  refused: boolean;
  lowConfidence: boolean;
  /** Set when a staff-curated pair answered. */
  pairId?: string;
  channel: ChannelName;
  /** Pseudonymous asker: a salted hash, never the raw id. */
  who: string;
  lang: Lang;
  at: string;
}

export type Vote = 'up' | 'down';

export interface VoteRecord {
  vote: Vote;
  reason?: string;
  channel: ChannelName;
  at: string;
}

/** A passage a curated answer cites, with a hash of its text when it was chosen. */
export interface CuratedCitation extends Citation {
  /** Short hash of the passage text, to notice an edited article. */
  hash: string;
}

export type PairKind = 'answer' | 'out_of_scope';
export type PairStatus = 'active' | 'withdrawn';

/** A staff-curated question–answer pair, one version of it. */
export interface CuratedPair {
  id: string;
  version: number;
  kind: PairKind;
  /** The question wordings it answers (the review group's questions). */
  questions: string[];
  answer: string;
  citations: CuratedCitation[];
  status: PairStatus;
  author: string;
  at: string;
}

/** A passage offered to staff when curating, best first. */
export interface PassageHit {
  doc: string;
  title: string;
  locator: string;
  heading: string;
  text: string;
}

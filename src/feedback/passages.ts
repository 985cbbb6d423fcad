import type { QaService } from '../qa/index.js';
import type { Passage } from '../qa/types.js';
import type { PassageHit } from './types.js';

/**
 * The corpus as curating needs it: search passages for staff (ranked the way the Q&A ranks them),
 * find one by document and locator (is a curated citation still there?), and the IDF of a term
 * (for matching questions to curated pairs). It reads the Q&A's own loaded index, so it follows
 * every reload and costs no second copy of the corpus.
 */
export interface PassageSource {
  search(query: string, k: number): Promise<PassageHit[]>;
  find(doc: string, locator: string): Promise<PassageHit | null>;
  /** Inverse document frequency over the corpus passages (high for a term the corpus lacks). */
  idf(term: string): Promise<number>;
}

const hit = (p: Passage): PassageHit => ({
  doc: p.doc,
  title: p.title,
  locator: p.locator,
  heading: p.heading,
  text: p.text,
});

export function passagesOf(qa: Pick<QaService, 'passages'>): PassageSource {
  return {
    search: async (query, k) => qa.passages.search(query, k).map(hit),
    async find(doc, locator) {
      const p = qa.passages.find(doc, locator);
      return p ? hit(p) : null;
    },
    idf: async (term) => qa.passages.idf(term),
  };
}

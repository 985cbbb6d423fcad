import type { Logger } from 'pino';
import { loadCorpus } from '../qa/corpus.js';
import { Bm25Index } from '../qa/index-bm25.js';
import { rank } from '../qa/rank.js';
import type { Passage } from '../qa/types.js';
import type { PassageHit } from './types.js';

/**
 * The corpus as curating needs it: search passages for staff (ranked the way the Q&A ranks them),
 * find one by document and locator (is a curated citation still there?), and the IDF of a term
 * (for matching questions to curated pairs). It reads the Q&A's own index cache (src/qa, read-only)
 * and reloads when the Q&A's documents change.
 */
export interface PassageSource {
  search(query: string, k: number): Promise<PassageHit[]>;
  find(doc: string, locator: string): Promise<PassageHit | null>;
  /** Inverse document frequency over the corpus passages (high for a term the corpus lacks). */
  idf(term: string): Promise<number>;
}

interface State {
  signature: string;
  passages: Passage[];
  index: Bm25Index;
  byPlace: Map<string, Passage>;
}

const place = (doc: string, locator: string): string => `${doc}\u0000${locator}`;

const hit = (p: Passage): PassageHit => ({
  doc: p.doc,
  title: p.title,
  locator: p.locator,
  heading: p.heading,
  text: p.text,
});

export function createPassageSource(opts: {
  corpusDirs: string[];
  cacheDir: string;
  logger: Logger;
  /** The Q&A's loaded documents: when they change the corpus is read again. */
  documents: () => { doc: string; passages: number; loadedAt: string }[];
}): PassageSource {
  let state: Promise<State> | null = null;
  const signature = () =>
    opts
      .documents()
      .map((d) => `${d.doc}:${d.passages}:${d.loadedAt}`)
      .join('|');

  const load = async (sig: string): Promise<State> => {
    const c = await loadCorpus(opts.corpusDirs, opts.cacheDir, opts.logger);
    const byPlace = new Map<string, Passage>();
    for (const p of c.passages) if (!byPlace.has(place(p.doc, p.locator))) byPlace.set(place(p.doc, p.locator), p);
    return { signature: sig, passages: c.passages, index: new Bm25Index(c.index), byPlace };
  };

  const current = async (): Promise<State> => {
    const sig = signature();
    if (state) {
      const s = await state.catch(() => null);
      if (s && s.signature === sig) return s;
    }
    state = load(sig);
    return state;
  };

  return {
    async search(query, k) {
      const s = await current();
      return rank(s, query, null)
        .ranked.slice(0, k)
        .map((r) => hit(r.passage));
    },
    async find(doc, locator) {
      const p = (await current()).byPlace.get(place(doc, locator));
      return p ? hit(p) : null;
    },
    async idf(term) {
      return (await current()).index.idf(term);
    },
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CHAR_PREFIX } from './segment.js';
import { expandSynonyms, LEXICON_DIR } from './synonyms.js';

/**
 * Named workplace concepts (src/qa/lexicon/concepts.json: kinds of leave, allowance, fund,
 * certificate, fee, scheme; concepts-2.json: 800 more, also procedures, events, forms of work, union
 * bodies and dispute documents). A question that names one the loaded corpus never mentions, under
 * its own name or a lexicon rewrite, asks about something the corpus does not cover (陪产假, 丧假,
 * 住房公积金 against the labour laws): refusal evidence for the gate (unknownConcept).
 */

interface ConceptFile {
  about: string;
  groups: Record<string, string[]>;
}

let list: string[] | null = null;

/** Every concept, longest first. */
export function conceptWords(): string[] {
  if (!list) {
    const files = readdirSync(LEXICON_DIR).filter((n) => /^concepts(-[\w-]+)?\.json$/.test(n));
    const all = files.flatMap((n) =>
      Object.values((JSON.parse(readFileSync(path.join(LEXICON_DIR, n), 'utf8')) as ConceptFile).groups).flat(),
    );
    list = [...new Set(all)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }
  return list;
}

/** Concepts a (search-form) text names; one inside a longer named one does not count. */
export function namedConcepts(text: string): string[] {
  const out: string[] = [];
  for (const c of conceptWords()) if (text.includes(c) && !out.some((o) => o.includes(c))) out.push(c);
  return out;
}

/** Document frequency of terms in the loaded index. */
export interface DfIndex {
  df(term: string): number;
}

/** The corpus may hold the word: a token of it, or every character bigram of it occurs somewhere. */
export function mayOccur(index: DfIndex, word: string): boolean {
  if (index.df(word) > 0) return true;
  if (word.length < 2) return false;
  for (let i = 0; i + 2 <= word.length; i++) if (index.df(CHAR_PREFIX + word.slice(i, i + 2)) === 0) return false;
  return true;
}

/**
 * Named concepts that neither the corpus nor a lexicon rewrite of the same kind mentions (`occurs`:
 * whether the corpus holds a word; by default, whether all its character bigrams occur somewhere). A
 * rewrite counts when it names the same kind of thing, ending in the same character (年假 →
 * 年休假); a broader word (年终奖 → 奖金) does not say the corpus rules on the concept.
 */
export function unknownConcepts(
  index: DfIndex,
  text: string,
  occurs: (word: string) => boolean = (w) => mayOccur(index, w),
): string[] {
  return namedConcepts(text).filter(
    (c) => !occurs(c) && !expandSynonyms(c).some((e) => e.alts.some((a) => a.slice(-1) === c.slice(-1) && occurs(a))),
  );
}

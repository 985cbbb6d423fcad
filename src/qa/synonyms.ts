import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { qaRoot } from './paths.js';

/**
 * Colloquial words workers use → the terms the laws and documents use, read from the product
 * data files src/qa/lexicon/colloquial*.json (domain vocabulary by topic, not per-question answers):
 * colloquial.json plus one file per group of laws (colloquial-<group>.json), merged.
 */

export interface LexiconEntry {
  topic: string;
  say: string[];
  law: string[];
}

export const LEXICON_DIR = path.join(qaRoot, 'src/qa/lexicon');

/** Every lexicon data file whose name starts with `prefix`, in a fixed order. */
export function lexiconFiles(prefix: 'colloquial' | 'english'): string[] {
  return readdirSync(LEXICON_DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort()
    .map((f) => path.join(LEXICON_DIR, f));
}

let table: { word: string; alts: string[] }[] | null = null;

interface LexiconFile {
  about: string;
  /**
   * The file's phrases join the word segmenter's dictionary (segment.ts), so they stay whole in
   * questions and in the laws. Only for a file curated never to re-segment the laws (colloquial.json:
   * a target jieba would keep whole is a single corpus word or longer than eight characters). The
   * broad per-group files leave segmentation alone: their phrases are matched as strings, and the
   * index does not change when they do.
   */
  segment?: boolean;
  entries: LexiconEntry[];
}

/** Every colloquial lexicon file, parsed once (the table, the segmenter and the index version read them). */
let colloquialFiles: LexiconFile[] | null = null;
function colloquialLexicons(): LexiconFile[] {
  colloquialFiles ??= lexiconFiles('colloquial').map((f) => JSON.parse(readFileSync(f, 'utf8')) as LexiconFile);
  return colloquialFiles;
}

export function lexiconEntries(): LexiconEntry[] {
  return colloquialLexicons().flatMap((l) => l.entries);
}

/** Lexicon phrases the word segmenter keeps whole (from files marked `segment`). */
export function segmenterPhrases(): string[] {
  return colloquialLexicons()
    .filter((l) => l.segment === true)
    .flatMap((l) => l.entries.flatMap((e) => [...e.say, ...e.law]));
}

/** Phrase → alternatives, longest phrase first (a phrase inside a longer matched one is skipped). */
function getTable(): { word: string; alts: string[] }[] {
  if (!table) {
    const m = new Map<string, Set<string>>();
    for (const e of lexiconEntries())
      for (const s of e.say) {
        const set = m.get(s) ?? new Set<string>();
        for (const l of e.law) if (l !== s) set.add(l);
        m.set(s, set);
      }
    table = [...m.entries()]
      .map(([word, alts]) => ({ word, alts: [...alts] }))
      .sort((a, b) => b.word.length - a.word.length);
  }
  return table;
}

/** Alternatives for the colloquial words found in a (search-normalised) question. */
export function expandSynonyms(question: string): { word: string; alts: string[] }[] {
  const out: { word: string; alts: string[] }[] = [];
  const covered: [number, number][] = [];
  for (const e of getTable()) {
    let at = question.indexOf(e.word);
    while (at >= 0) {
      const end = at + e.word.length;
      if (!covered.some(([a, b]) => at >= a && end <= b)) {
        covered.push([at, end]);
        if (e.alts.length > 0 && !out.some((o) => o.word === e.word)) out.push({ word: e.word, alts: e.alts });
      }
      at = question.indexOf(e.word, at + 1);
    }
  }
  return out;
}

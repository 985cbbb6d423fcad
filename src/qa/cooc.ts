import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeSearch } from './normalize.js';
import { qaRoot } from './paths.js';
import { words } from './segment.js';

/**
 * Distributional word associations learned from the law collection (shared/bench/laws-full):
 * two words are associated when they occur in the same article more often than chance. Score is
 * normalised PMI over article co-occurrence, npmi = log(p(a,b) / (p(a) p(b))) / -log p(a,b),
 * counted only for pairs seen together in at least MIN_PAIR articles. For each frequent content
 * word the file keeps its best associates. The shipped file (src/qa/model/cooc.json) holds words
 * and scores only, never law text; `npx tsx src/qa/train-cooc.ts` regenerates it.
 */

export interface CoocOptions {
  /** A word needs this many articles to be kept (as a head word or an associate). */
  minDf: number;
  /** Words in more than this share of articles carry no topic (规定, 国家) and are skipped. */
  maxShare: number;
  /** Pairs seen together in fewer articles than this are noise. */
  minPair: number;
  /** Associates kept per word. */
  top: number;
  /** Associates below this npmi are dropped. */
  minScore: number;
  /** At most this many head words (most frequent first) to bound the file size. */
  maxWords: number;
}

export const COOC_DEFAULTS: CoocOptions = {
  minDf: 8,
  maxShare: 0.04,
  minPair: 4,
  top: 6,
  minScore: 0.25,
  maxWords: 8000,
};

/** word → [associate, npmi][], best first. */
export interface CoocFile {
  version: 1;
  articles: number;
  options: CoocOptions;
  assoc: Record<string, [string, number][]>;
}

/** Content words of one article (Chinese words of two characters or more, once each). */
export function articleWords(text: string): string[] {
  const out = new Set<string>();
  for (const w of words(normalizeSearch(text))) if (/^[\u3400-\u9fff]{2,}$/.test(w)) out.add(w);
  return [...out];
}

/** Learn the associations from article word sets. Deterministic for a given input. */
export function learnCooc(articles: string[][], opt: CoocOptions = COOC_DEFAULTS): CoocFile {
  const n = articles.length;
  const df = new Map<string, number>();
  for (const a of articles) for (const w of a) df.set(w, (df.get(w) ?? 0) + 1);
  const maxDf = Math.max(opt.minPair, Math.floor(opt.maxShare * n));
  const vocab = [...df.entries()]
    .filter(([, d]) => d >= opt.minDf && d <= maxDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w);
  const id = new Map(vocab.map((w, i) => [w, i]));
  const V = vocab.length;
  const docs: Int32Array[] = articles.map((a) =>
    Int32Array.from(a.flatMap((w) => (id.has(w) ? [id.get(w) as number] : []))),
  );
  const postings: number[][] = vocab.map(() => []);
  docs.forEach((d, i) => {
    for (const w of d) (postings[w] as number[]).push(i);
  });
  const count = new Int32Array(V);
  const touched: number[] = [];
  const assoc: Record<string, [string, number][]> = {};
  const heads = Math.min(V, opt.maxWords);
  for (let h = 0; h < heads; h++) {
    for (const di of postings[h] as number[]) {
      for (const w of docs[di] as Int32Array) {
        if (w === h) continue;
        if (count[w] === 0) touched.push(w);
        count[w] = (count[w] as number) + 1;
      }
    }
    const dh = df.get(vocab[h] as string) as number;
    const best: [string, number][] = [];
    for (const w of touched) {
      const c = count[w] as number;
      count[w] = 0;
      if (c < opt.minPair) continue;
      const pab = c / n;
      const dw = df.get(vocab[w] as string) as number;
      const npmi = Math.log(pab / ((dh / n) * (dw / n))) / -Math.log(pab);
      if (npmi >= opt.minScore) best.push([vocab[w] as string, Math.round(npmi * 1000) / 1000]);
    }
    touched.length = 0;
    best.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (best.length > 0) assoc[vocab[h] as string] = best.slice(0, opt.top);
  }
  const sorted: Record<string, [string, number][]> = {};
  for (const k of Object.keys(assoc).sort()) sorted[k] = assoc[k] as [string, number][];
  return { version: 1, articles: n, options: opt, assoc: sorted };
}

/** One word per line keeps the file diff-able: {"word":[["assoc",0.5],…]}. */
export function serializeCooc(f: CoocFile): string {
  const lines = Object.entries(f.assoc).map(([w, a]) => `  ${JSON.stringify(w)}: ${JSON.stringify(a)}`);
  return `{"version": 1, "articles": ${f.articles}, "options": ${JSON.stringify(f.options)}, "assoc": {\n${lines.join(',\n')}\n}}\n`;
}

export const COOC_FILE = path.join(qaRoot, 'src/qa/model/cooc.json');

let loaded: Map<string, [string, number][]> | null = null;

/** The shipped associations (empty when the file is absent). */
export function associations(): Map<string, [string, number][]> {
  if (!loaded) {
    try {
      const f = JSON.parse(readFileSync(COOC_FILE, 'utf8')) as CoocFile;
      loaded = new Map(Object.entries(f.assoc));
    } catch {
      loaded = new Map();
    }
  }
  return loaded;
}

/** Associates of a word, best first. */
export function associatesOf(word: string): [string, number][] {
  return associations().get(word) ?? [];
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { qaRoot } from './paths.js';
import { words } from './segment.js';
import { normalizeSearch } from './normalize.js';

/**
 * How much a word belongs to the product's domain: its share of the labour and union documents
 * (the seed document and the 20 laws) over its share of a general law collection
 * (../shared/bench/laws-full, 3,475 laws). 工资 ≈ 7, 年休假 ≈ 47, 办法 ≈ 1.5, 推荐 ≈ 0.5, 电影 ≈ 0.
 * Learned by src/qa/train-domain.ts (words of a document as `articleWords` of cooc.ts counts them) into src/qa/model/domain.json (words and ratios only). A
 * question whose only word the best passage shares is a general one (清单, 办法, 关于) has no
 * domain anchor: refusal evidence for the gate (gate.ts, noAnchor).
 */

export const DOMAIN_FILE = path.join(qaRoot, 'src/qa/model/domain.json');

/** A matched word at least this over-represented in the domain anchors the question there. */
export const ANCHOR_RATIO = 3;

export interface DomainFile {
  about: string;
  /** Documents of the domain and of the general collection the ratios were counted over. */
  domainDocs: number;
  generalDocs: number;
  /** word → ratio, for every word of the domain documents (a word not listed is not known to be general). */
  ratios: Record<string, number>;
}

/** Document-frequency ratios of domain words: (df_domain / N_domain) / ((df_general + 1) / N_general). */
export function learnDomain(domainDocs: string[][], generalDocs: string[][]): DomainFile {
  const dfDomain = new Map<string, number>();
  for (const d of domainDocs) for (const w of new Set(d)) dfDomain.set(w, (dfDomain.get(w) ?? 0) + 1);
  const dfGeneral = new Map<string, number>();
  for (const d of generalDocs)
    for (const w of new Set(d)) if (dfDomain.has(w)) dfGeneral.set(w, (dfGeneral.get(w) ?? 0) + 1);
  const ratios: Record<string, number> = {};
  for (const w of [...dfDomain.keys()].sort()) {
    const r = (dfDomain.get(w) ?? 0) / domainDocs.length / (((dfGeneral.get(w) ?? 0) + 1) / generalDocs.length);
    ratios[w] = Math.round(r * 10) / 10;
  }
  return {
    about:
      'How much each word of the labour and union documents belongs to them: its document share there over its share of a general law collection (src/qa/domain.ts). Words and ratios only.',
    domainDocs: domainDocs.length,
    generalDocs: generalDocs.length,
    ratios,
  };
}

let table: Map<string, number> | null = null;
function load(): Map<string, number> {
  if (!table) {
    table = new Map();
    try {
      const f = JSON.parse(readFileSync(DOMAIN_FILE, 'utf8')) as DomainFile;
      for (const [w, r] of Object.entries(f.ratios)) table.set(w, r);
    } catch {
      // No learned file: no word anchors, and the gate feature stays silent (see hasDomainTable).
    }
  }
  return table;
}

/** A learned table is present (without one, anchoring is not judged). */
export function hasDomainTable(): boolean {
  return load().size > 0;
}

/**
 * The domain ratio of a word or phrase: its own, else that of its most specific listed word, else
 * null: a name or phrase the documents' words do not spell (朱研琛, split into characters) is not
 * known to be general.
 */
export function domainRatio(form: string): number | null {
  const t = load();
  const own = t.get(form);
  if (own !== undefined) return own;
  let best: number | null = null;
  for (const w of words(normalizeSearch(form))) {
    const r = t.get(w);
    if (r !== undefined) best = Math.max(best ?? 0, r);
  }
  return best;
}

/** A general word: listed, and not over-represented in the domain (清单, 办法, 推荐). */
export function isGeneralWord(form: string): boolean {
  const r = domainRatio(form);
  return r !== null && r < ANCHOR_RATIO;
}

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { qaRoot } from './paths.js';
import type { Passage } from './types.js';

/**
 * How people ask about each passage: a few questions per law article or document section, written
 * from the passage text in other words (colloquial, paraphrased, English), as doc2query does.
 * Product data in src/qa/expansions/<doc>.json; indexed with the passage as its `asks` field
 * (build-index.ts) and read by the `ask` re-ranking feature, never shown to users. A document
 * without a file (any other corpus) simply has no expansions.
 */

export const EXPANSIONS_DIR = path.join(qaRoot, 'src/qa/expansions');

export interface ExpansionFile {
  doc: string;
  about?: string;
  passages: Record<string, string[]>;
}

let table: Map<string, Map<string, string>> | null = null;
let digest = '';

function files(): string[] {
  try {
    return readdirSync(EXPANSIONS_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => path.join(EXPANSIONS_DIR, f));
  } catch {
    return [];
  }
}

export function expansionFiles(): ExpansionFile[] {
  return files().map((f) => JSON.parse(readFileSync(f, 'utf8')) as ExpansionFile);
}

function load(): Map<string, Map<string, string>> {
  if (!table) {
    table = new Map();
    const h = createHash('sha256');
    for (const f of expansionFiles()) {
      const byLocator = new Map<string, string>();
      for (const [locator, asks] of Object.entries(f.passages)) byLocator.set(locator, asks.join('\n'));
      table.set(f.doc, byLocator);
      h.update(JSON.stringify(f));
    }
    digest = h.digest('hex').slice(0, 12);
  }
  return table;
}

/** The expansion questions of one passage, one a line, or '' when there are none. */
export function asksOf(doc: string, locator: string): string {
  return load().get(doc)?.get(locator) ?? '';
}

/** Attach each passage's expansion questions (after parsing, and after a cache load). */
export function attachAsks(passages: Passage[]): void {
  if (load().size === 0) return;
  for (const p of passages) {
    const a = asksOf(p.doc, p.locator);
    if (a !== '') p.asks = a;
  }
}

/** Content hash of all expansion files (part of the index version: they are indexed). */
export function expansionsDigest(): string {
  load();
  return digest;
}

import type { Logger } from 'pino';
import { type CachedCorpus, cacheFile, loadCache, saveCache } from './cache.js';
import { buildIndex } from './index-bm25.js';
import { hashCorpus, listCorpus, loadFile } from './load.js';
import type { DocInfo, Passage } from './types.js';

/** Bump when parsing, tokenisation or the cache layout changes. */
export const INDEX_VERSION = 'qa-index-v5';

/** Parse every corpus file and build the index (no cache involved). */
export async function buildCorpus(dirs: string[], logger?: Logger): Promise<CachedCorpus> {
  const files = await listCorpus(dirs);
  const docs: DocInfo[] = [];
  const passages: Passage[] = [];
  const loadedAt = new Date().toISOString();
  for (const f of files) {
    try {
      const r = await loadFile(f);
      docs.push({ doc: f.doc, title: r.title, file: f.file, passages: r.passages.length, loadedAt });
      for (const p of r.passages) passages.push(p);
    } catch (err) {
      logger?.warn({ err, file: f.file }, 'qa: could not read corpus file');
    }
  }
  return { docs, passages, index: buildIndex(passages) };
}

/** Load the corpus index from the cache keyed by content hash, building and saving it when absent. */
export async function loadCorpus(
  dirs: string[],
  cacheDir: string,
  logger?: Logger,
): Promise<CachedCorpus & { hash: string; fromCache: boolean }> {
  const files = await listCorpus(dirs);
  const hash = await hashCorpus(files, INDEX_VERSION);
  const file = cacheFile(cacheDir, hash);
  const cached = await loadCache(file).catch(() => null);
  if (cached) return { ...cached, hash, fromCache: true };
  const built = await buildCorpus(dirs, logger);
  try {
    await saveCache(file, built);
  } catch (err) {
    logger?.warn({ err, file }, 'qa: could not write index cache');
  }
  return { ...built, hash, fromCache: false };
}

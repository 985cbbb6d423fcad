import { createHash } from 'node:crypto';
import { STOP_WORDS } from './stopwords.js';
import { segmenterPhrases } from './synonyms.js';
import { attachAsks, expansionsDigest } from './expansions.js';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { type Accumulated, accumulate, finishIndex } from './build-index.js';
import { type CachedCorpus, cacheFile, loadCache, saveCache } from './cache.js';
import { type CorpusFile, hashCorpus, listCorpus, loadFile } from './load.js';
import type { DocInfo, Passage } from './types.js';

/**
 * Bump when parsing, tokenisation or the cache layout changes. The segmenter's lexicon phrases
 * and the stop words shape segmentation (jieba user words), so their content is part of the version.
 */
export const INDEX_VERSION = `qa-index-v9-${createHash('sha256')
  .update(segmenterPhrases().join(' '))
  .update(expansionsDigest())
  .update([...STOP_WORDS].join(' '))
  .digest('hex')
  .slice(0, 12)}`;

/** Below this many files a single thread is quicker than starting workers. */
const PARALLEL_MIN_FILES = 200;

interface Slice {
  docs: { file: CorpusFile; title: string; passages: number }[];
  failed: { file: string; error: string }[];
  passages: Passage[];
  acc: Accumulated;
}

async function sliceInProcess(files: CorpusFile[]): Promise<Slice> {
  const slice: Slice = { docs: [], failed: [], passages: [], acc: accumulate([]) };
  for (const f of files) {
    try {
      const r = await loadFile(f);
      slice.docs.push({ file: f, title: r.title, passages: r.passages.length });
      for (const p of r.passages) slice.passages.push(p);
    } catch (err) {
      slice.failed.push({ file: f.file, error: err instanceof Error ? err.message : String(err) });
    }
  }
  slice.acc = accumulate(slice.passages);
  return slice;
}

function sliceInWorker(files: CorpusFile[]): Promise<Slice> {
  const self = fileURLToPath(import.meta.url);
  // From TypeScript sources (tsx) the worker needs the loader: a small .mjs entry registers it.
  const url = new URL(self.endsWith('.ts') ? './build-worker-entry.mjs' : './build-worker.js', import.meta.url);
  return new Promise((resolve, reject) => {
    const w = new Worker(url, { workerData: { files } });
    w.once('message', (m: Slice) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`index worker exited with ${code}`));
    });
  });
}

/** Split files into `n` contiguous runs of about equal bytes (keeps passage order stable). */
function split(files: CorpusFile[], n: number): CorpusFile[][] {
  const total = files.reduce((s, f) => s + f.size, 0);
  const out: CorpusFile[][] = [[]];
  let acc = 0;
  for (const f of files) {
    if (acc >= (total / n) * out.length && out.length < n) out.push([]);
    (out[out.length - 1] as CorpusFile[]).push(f);
    acc += f.size;
  }
  return out.filter((s) => s.length > 0);
}

/** Parse every corpus file and build the index (no cache involved); large corpora use worker threads. */
export async function buildCorpus(dirs: string[], logger?: Logger): Promise<CachedCorpus> {
  const files = await listCorpus(dirs);
  const threads = Math.min(4, os.availableParallelism());
  let slices: Slice[];
  if (files.length >= PARALLEL_MIN_FILES && threads > 1) {
    try {
      slices = await Promise.all(split(files, threads).map(sliceInWorker));
    } catch (err) {
      logger?.warn({ err }, 'qa: parallel index build failed; building in process');
      slices = [await sliceInProcess(files)];
    }
  } else {
    slices = [await sliceInProcess(files)];
  }
  const loadedAt = new Date().toISOString();
  const docs: DocInfo[] = [];
  const passages: Passage[] = [];
  for (const s of slices) {
    for (const f of s.failed) logger?.warn({ file: f.file, error: f.error }, 'qa: could not read corpus file');
    for (const d of s.docs)
      docs.push({ doc: d.file.doc, title: d.title, file: d.file.file, passages: d.passages, loadedAt });
    for (const p of s.passages) passages.push(p);
  }
  return { docs, passages, index: finishIndex(slices.map((s) => s.acc)) };
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
  if (cached) {
    attachAsks(cached.passages);
    const loadedAt = new Date().toISOString();
    return { ...cached, docs: cached.docs.map((d) => ({ ...d, loadedAt })), hash, fromCache: true };
  }
  const built = await buildCorpus(dirs, logger);
  try {
    await saveCache(file, built);
  } catch (err) {
    logger?.warn({ err, file }, 'qa: could not write index cache');
  }
  return { ...built, hash, fromCache: false };
}

import { parentPort, workerData } from 'node:worker_threads';
import { accumulate } from './build-index.js';
import { type CorpusFile, loadFile } from './load.js';
import type { Passage } from './types.js';

/** Worker: parse and segment a slice of the corpus files (see corpus.ts). */
const { files } = workerData as { files: CorpusFile[] };
const docs: { file: CorpusFile; title: string; passages: number }[] = [];
const failed: { file: string; error: string }[] = [];
const passages: Passage[] = [];
for (const f of files) {
  try {
    const r = await loadFile(f);
    docs.push({ file: f, title: r.title, passages: r.passages.length });
    for (const p of r.passages) passages.push(p);
  } catch (err) {
    failed.push({ file: f.file, error: err instanceof Error ? err.message : String(err) });
  }
}
const acc = accumulate(passages);
const buffers = [acc.starts.buffer, acc.ids.buffer, acc.tfs.buffer, acc.lens.buffer] as ArrayBuffer[];
parentPort?.postMessage({ docs, failed, passages, acc }, buffers);

/**
 * `npm run bench -- qa [--dir PATH] [--queries N] [--baseline-queries N]`
 * Builds the Q&A index over shared/bench/laws-full (3,475 laws), persists and reloads it, and
 * times queries side by side with a MiniSearch baseline (jieba tokenizer) over the same passages.
 * The last line is one JSON object: {p50_ms, p99_ms, baseline_p50_ms, speedup, build_s, load_s, rss_mb}.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import MiniSearch from 'minisearch';
import { cacheFile, loadCache, saveCache } from '../src/qa/cache.js';
import { buildCorpus } from '../src/qa/corpus.js';
import { Bm25Index } from '../src/qa/index-bm25.js';
import { projectRoot } from '../src/paths.js';
import { rank } from '../src/qa/rank.js';

function arg(argv: string[], name: string, dflt: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : dflt;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;
const log = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

async function questions(n: number, passages: { text: string }[]): Promise<string[]> {
  const dev = (await readFile(path.resolve(projectRoot, '../shared/eval/dev.jsonl'), 'utf8').catch(() => ''))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { question: string }).question);
  const out = [...dev];
  // Phrases taken from the corpus, as a worker might type them (deterministic sample).
  for (let i = 0; out.length < n && passages.length > 0; i++) {
    const p = passages[(i * 7919) % passages.length] as { text: string };
    out.push(p.text.slice(4, 20).replace(/[，。；：、]/g, ' '));
  }
  return out.slice(0, n);
}

/** Build from the files and persist; returns the build time (s). The built copy is dropped afterwards. */
async function buildAndSave(dir: string, file: string): Promise<number> {
  const t = performance.now();
  const built = await buildCorpus([dir]);
  const s = (performance.now() - t) / 1000;
  log(
    `union-desk build: ${r2(s)} s  (${built.docs.length} docs, ${built.passages.length} passages, ${built.index.terms.length} terms, ${built.index.postDocs.length} postings)`,
  );
  await saveCache(file, built);
  return s;
}

/** Best-effort full GC so RSS reflects live memory. */
function gc(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // not available: RSS includes garbage
  }
}

export async function run(argv: string[]): Promise<void> {
  const dir = path.resolve(projectRoot, arg(argv, '--dir', '../shared/bench/laws-full'));
  const nQueries = Number(arg(argv, '--queries', '300'));
  const nBaseline = Number(arg(argv, '--baseline-queries', '20'));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'qa-bench-'));
  try {
    log(`corpus: ${dir}`);
    const file = cacheFile(tmp, 'bench');
    const buildS = await buildAndSave(dir, file);
    gc();
    let t = performance.now();
    const loaded = await loadCache(file);
    if (!loaded) throw new Error('cache did not load');
    const state = { passages: loaded.passages, index: new Bm25Index(loaded.index) };
    const loadS = (performance.now() - t) / 1000;
    log(`union-desk load from cache: ${r2(loadS)} s`);

    const qs = await questions(nQueries, loaded.passages);
    for (const q of qs.slice(0, 10)) rank(state, q, null); // warm-up
    const times: number[] = [];
    for (const q of qs) {
      const t0 = performance.now();
      rank(state, q, null);
      times.push(performance.now() - t0);
    }
    const p50 = pct(times, 50);
    const p99 = pct(times, 99);
    log(`union-desk query (${times.length} q, retrieval + re-rank): p50 ${r2(p50)} ms, p99 ${r2(p99)} ms`);
    gc();
    const rssMb = Math.round(process.memoryUsage().rss / 1048576);
    log(`union-desk rss (loaded index, after queries): ${rssMb} MB`);

    // Baseline: MiniSearch with a jieba tokenizer over the same passages.
    const jieba = Jieba.withDict(dict);
    const tokenize = (s: string): string[] => jieba.cut(s, false).filter((w) => w.trim() !== '');
    t = performance.now();
    const ms = new MiniSearch<{ id: number; title: string; heading: string; text: string }>({
      fields: ['title', 'heading', 'text'],
      tokenize,
      searchOptions: { boost: { title: 0.6, heading: 1.5 }, tokenize },
    });
    ms.addAll(loaded.passages.map((p, id) => ({ id, title: p.title, heading: p.heading, text: p.text })));
    const baseBuildS = (performance.now() - t) / 1000;
    log(`baseline (MiniSearch + jieba) build: ${r2(baseBuildS)} s`);
    const bt: number[] = [];
    for (const q of qs.slice(0, nBaseline)) {
      const t0 = performance.now();
      ms.search(q).slice(0, 10);
      bt.push(performance.now() - t0);
    }
    const bp50 = pct(bt, 50);
    log(`baseline query (${bt.length} q): p50 ${r2(bp50)} ms, p99 ${r2(pct(bt, 99))} ms`);
    log(`rss with the baseline also in memory: ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    log(
      JSON.stringify({
        p50_ms: r2(p50),
        p99_ms: r2(p99),
        baseline_p50_ms: r2(bp50),
        speedup: r2(bp50 / Math.max(p50, 1e-6)),
        build_s: r2(buildS),
        load_s: r2(loadS),
        rss_mb: rssMb,
      }),
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv.slice(2));

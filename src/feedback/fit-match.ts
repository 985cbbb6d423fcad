/**
 * Fit the threshold above which a new question is served a curated pair's answer.
 *
 *   npm run fit:curated -- ../shared/eval/train.jsonl   (corpus: CORPUS_DIRS, default corpus:../shared/corpus/laws)
 *
 * Data: the questions of the TRAIN set that name an article; two questions are "the same question"
 * when they name the same article. Protocol: k-fold cross-validation over questions. In each fold the
 * training questions play the curated pairs: the threshold is chosen on them (each question against
 * its nearest other training question, F0.5 — serving a wrong answer is worse than not serving), then
 * each held-out question is served its nearest training question's answer when the similarity reaches
 * the threshold. Precision = right answers among served; recall = served right among held-out questions
 * that have a same-article training question. Writes src/feedback/match-fit.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus } from '../qa/corpus.js';
import { Bm25Index } from '../qa/index-bm25.js';
import { fromRoot, projectRoot } from '../paths.js';
import { type MatchFit, type Vector, similarity, vectorOf } from './match.js';

export const FOLDS = 5;
const BETA = 0.5;

interface Item {
  id: string;
  target: string;
  vector: Vector;
}

function fScore(p: number, r: number): number {
  const b2 = BETA * BETA;
  return p + r === 0 ? 0 : ((1 + b2) * p * r) / (b2 * p + r);
}

/** Serve each query its nearest candidate's target when close enough; precision and recall. */
export function serve(queries: Item[], candidates: Item[], threshold: number): { precision: number; recall: number } {
  let served = 0;
  let right = 0;
  let answerable = 0;
  for (const q of queries) {
    let best: Item | null = null;
    let bestSim = -1;
    for (const c of candidates) {
      if (c.id === q.id) continue;
      const s = similarity(q.vector, c.vector);
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    if (candidates.some((c) => c.id !== q.id && c.target === q.target)) answerable++;
    if (best && bestSim >= threshold) {
      served++;
      if (best.target === q.target) right++;
    }
  }
  return { precision: served ? right / served : 1, recall: answerable ? right / answerable : 0 };
}

const GRID = Array.from({ length: 61 }, (_, i) => 0.2 + i * 0.0125);

export function chooseThreshold(train: Item[]): number {
  let best = GRID[0]!;
  let bestF = -1;
  for (const t of GRID) {
    const { precision, recall } = serve(train, train, t);
    const f = fScore(precision, recall);
    if (f > bestF + 1e-9) {
      bestF = f;
      best = t;
    }
  }
  return best;
}

const stats = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean: Math.round(mean * 1000) / 1000, sd: Math.round(sd * 1000) / 1000 };
};

async function main(file: string): Promise<void> {
  const dirs = (process.env['CORPUS_DIRS'] ?? 'corpus:../shared/corpus/laws').split(':').map(fromRoot);
  const corpus = await loadCorpus(dirs, fromRoot('.cache/qa'));
  const index = new Bm25Index(corpus.index);
  const rows = readFileSync(path.resolve(file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; question: string; doc?: string; locator?: string; refuse?: boolean });
  const items: Item[] = [];
  for (const r of rows) {
    if (r.refuse || !r.doc || !r.locator) continue;
    items.push({ id: r.id, target: `${r.doc}|${r.locator}`, vector: await vectorOf(r.question, (t) => index.idf(t)) });
  }
  // Deterministic folds: every FOLDS-th question.
  const precision: number[] = [];
  const recall: number[] = [];
  const thresholds: number[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const test = items.filter((_, i) => i % FOLDS === f);
    const train = items.filter((_, i) => i % FOLDS !== f);
    const t = chooseThreshold(train);
    thresholds.push(t);
    const r = serve(test, train, t);
    precision.push(r.precision);
    recall.push(r.recall);
  }
  const fit: MatchFit = {
    threshold: Math.round(chooseThreshold(items) * 10000) / 10000,
    folds: FOLDS,
    precision: stats(precision),
    recall: stats(recall),
    trainedOn: `${path.basename(file)} (${items.length} questions naming an article)`,
  };
  const out = path.join(projectRoot, 'src', 'feedback', 'match-fit.json');
  writeFileSync(out, `${JSON.stringify(fit, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify({ ...fit, foldThresholds: thresholds })}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: fit-match.ts TRAIN.jsonl\n');
    process.exit(2);
  }
  main(file).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}

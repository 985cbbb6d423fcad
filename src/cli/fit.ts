import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crossValidate } from '../qa/eval-cv.js';
import { FEATURES, GATE_FEATURES } from '../qa/features.js';
import { fitModel, prepare } from '../qa/fit.js';
import { corpusStateFromEnv } from '../qa/from-env.js';
import { type FittedFile, MODEL_FILE } from '../qa/model.js';
import { readEvalFile } from './eval.js';

/**
 * `npm run cli -- fit [FILE.jsonl] [--folds 5] [--out PATH]` — fit the re-ranker weights, the
 * refusal gate and its threshold on the training questions (default ../shared/eval/train.jsonl,
 * corpus CORPUS_DIRS or corpus:../shared/corpus/laws) and write src/qa/model/fitted.json with the
 * cross-validated figures beside the weights.
 */
export async function run(argv: string[]): Promise<number> {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const file =
    argv.find((a, i) => !a.startsWith('-') && !['--folds', '--out'].includes(argv[i - 1] ?? '')) ??
    '../shared/eval/train.jsonl';
  const k = Number(opt('--folds') ?? 5);
  const out = path.resolve(process.cwd(), opt('--out') ?? MODEL_FILE);
  const items = await readEvalFile(file);
  const state = await corpusStateFromEnv('corpus:../shared/corpus/laws');
  const cv = crossValidate(state, items, k);
  const model = fitModel(state, prepare(state, items), k);
  const fitted: FittedFile = {
    features: [...FEATURES],
    gateFeatures: [...GATE_FEATURES],
    model,
    fittedOn: { file: path.basename(file), items: items.length, folds: k },
    cv: { overall: cv.overall, byType: cv.byType },
  };
  await writeFile(out, `${JSON.stringify(fitted, null, 1)}\n`);
  process.stdout.write(
    `fitted on ${items.length} questions → ${path.relative(process.cwd(), out)}\n` +
      `ranker: ${FEATURES.map((f, i) => `${f}=${(model.ranker[i] ?? 0).toFixed(2)}`).join(' ')}\n` +
      `gate threshold ${model.threshold.toFixed(3)}\n` +
      `cross-validated (${k}-fold): ${JSON.stringify(cv.overall)}\n`,
  );
  return 0;
}

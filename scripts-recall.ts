import { corpusStateFromEnv } from './src/qa/from-env.js';
import { readEvalFile } from './src/cli/eval.js';
import { prepare } from './src/qa/fit.js';
import { loadModel, dot } from './src/qa/model.js';
const state = await corpusStateFromEnv('corpus:../shared/corpus/laws');
const items = (await readEvalFile('../shared/eval/train.jsonl')).filter((x) => !x.refuse);
const ps = prepare(state, items);
const m = loadModel();
const byType = new Map<string, number[]>();
for (const p of ps) {
  const s = p.cands.map((c) => dot(m.ranker, c.f));
  const order = s.map((x, i) => i).sort((a, b) => (s[b] as number) - (s[a] as number));
  const rank = order.findIndex((i) => p.correct[i]);
  const t = p.item.type ?? '';
  byType.set(t, [...(byType.get(t) ?? []), rank]);
  if (rank !== 0 && process.argv[2]) console.log(p.item.id, t, rank, p.item.question);
}
for (const [t, r] of byType) console.log(t, r.length, 'inPool', r.filter((x) => x >= 0).length, 'top1', r.filter((x) => x === 0).length, 'top3', r.filter((x) => x >= 0 && x < 3).length);

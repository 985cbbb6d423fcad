import { corpusStateFromEnv } from './src/qa/from-env.js';
import { loadModel } from './src/qa/model.js';
import { answerWith } from './src/qa/pipeline.js';
import { readEvalFile } from './src/cli/eval.js';
import { GATE_FEATURES } from './src/qa/gate.js';
import { scoreOne } from './src/qa/eval-score.js';
const state = await corpusStateFromEnv('corpus:../shared/corpus/laws');
const items = await readEvalFile(process.argv[2] ?? '../shared/eval/train.jsonl');
const m = loadModel();
for (const it of items) {
  if (process.argv[3] && !(it.type ?? '').match(process.argv[3])) continue;
  const a = answerWith(state, m, it.question);
  const s = scoreOne(it, a.answer);
  const top = a.rank.scored[0]?.c.passage;
  console.log(`${it.id} [${it.type}] ${s.hit1 ? 'HIT' : it.refuse ? (a.answer.refused ? 'REF-OK' : 'REF-MISS') : 'miss'} p=${a.rank.answerable.toFixed(2)} ${it.question}`);
  console.log(`   keys: ${a.rank.query.keys.map((k) => `${k.word}${k.alts.length ? '(' + k.alts.join('/') + ')' : ''}:${k.idf.toFixed(1)}:${state.index.df(k.word)}`).join(' ')}  asks=${a.rank.query.asks}`);
  console.log(`   top: ${top?.doc} ${top?.locator} | ${top?.text.slice(0, 80).replace(/\n/g, ' ')}`);
  console.log(`   gate: ${GATE_FEATURES.map((g, i) => `${g}=${(a.rank.gate[i] ?? 0).toFixed(2)}`).join(' ')}`);
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { crossValidate, refusalCurve } from '../qa/eval-cv.js';
import { type EvalItem, type EvalResult, isFailure, scoreOne, summarize } from '../qa/eval-score.js';
import { evalAnswerer } from '../feedback/eval-hook.js';
import { corpusStateFromEnv, qaServiceFromEnv } from '../qa/from-env.js';

/**
 * `npm run cli -- eval FILE.jsonl [--cv [--folds 5]] [--curve] [--quiet] [--curated]` — score a question file
 * (format of shared/eval/dev.jsonl) with the fitted model; with --cv, k-fold cross-validation on
 * the file itself (fit on k−1 folds, score the held-out fold): mean ± sd, overall and by type.
 * --curve prints the refusal precision/recall curve of the held-out gate probabilities. --curated:
 * the staff-curated pairs (from the bot's Redis) answer first, as in the chat.
 *   CORPUS_DIRS=corpus:../shared/corpus/laws npm run cli -- eval ../shared/eval/dev.jsonl
 */
export async function readEvalFile(file: string): Promise<EvalItem[]> {
  return (await readFile(path.resolve(process.cwd(), file), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalItem);
}

function failures(results: EvalResult[]): string[] {
  const out: string[] = [];
  for (const r of results.filter(isFailure)) {
    const c = r.got.citations[0];
    out.push(
      `✗ ${r.item.id} [${r.item.type ?? ''}] ${r.item.question}`,
      `    expected: ${r.item.refuse ? 'refusal' : `${r.item.doc} ${r.item.locator ?? ''} ~ ${r.item.expect_any.join(' | ')}`}`,
      `    got:      ${r.got.refused ? 'refusal' : `${c?.doc ?? '-'} ${c?.locator ?? ''} (hit1=${r.hit1} answered=${r.answered})`}`,
      `    answer:   ${r.got.answer.replace(/\n/g, ' ').slice(0, 160)}`,
    );
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const file = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--folds');
  if (!file) {
    process.stderr.write('usage: eval FILE.jsonl [--cv [--folds 5]] [--curve] [--quiet] [--curated]\n');
    return 2;
  }
  const items = await readEvalFile(file);
  const quiet = argv.includes('--quiet');
  const out: string[] = [];
  if (argv.includes('--cv') || argv.includes('--curve')) {
    const i = argv.indexOf('--folds');
    const k = i >= 0 ? Number(argv[i + 1]) : 5;
    const cv = crossValidate(await corpusStateFromEnv(), items, k);
    if (!quiet) out.push(...failures(cv.results));
    if (argv.includes('--curve')) {
      out.push('refusal curve (held-out P(answerable) < t → refuse):', 't     precision recall false_refusals');
      for (const p of refusalCurve(cv.gate))
        out.push(
          `${p.t.toFixed(2)}  ${p.precision.toFixed(3)}     ${p.recall.toFixed(3)}  ${p.falseRefusals.toFixed(3)}`,
        );
    }
    out.push(`cross-validated, ${k} folds (mean ± sd over folds):`);
    for (const [m, v] of Object.entries(cv.overall)) out.push(`  ${m.padEnd(20)} ${v.mean} ± ${v.sd}`);
    out.push('by type:');
    for (const [t, v] of Object.entries(cv.byType))
      out.push(
        `  ${t.padEnd(13)} n=${String(v.n).padEnd(3)} ${Object.keys(v.mean)
          .map((m) => `${m} ${v.mean[m]} ± ${v.sd[m]}`)
          .join('  ')}`,
      );
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  }
  const qa = await qaServiceFromEnv();
  const results: EvalResult[] = [];
  const ask = await evalAnswerer(qa, argv); // --curated: staff-curated pairs answer first
  try {
    for (const item of items) results.push(scoreOne(item, await ask.answer(item.question)));
  } finally {
    await ask.close();
    await qa.close();
  }
  if (argv.includes('--curated')) process.stderr.write(`curated pairs answered ${ask.curated()}/${items.length}\n`);
  if (!quiet) out.push(...failures(results));
  out.push(`failures: ${results.filter(isFailure).length}/${results.length}`, 'by type:');
  for (const t of [...new Set(results.map((r) => r.item.type ?? ''))].sort()) {
    const rs = results.filter((r) => (r.item.type ?? '') === t);
    const s = summarize(rs);
    out.push(
      `  ${t.padEnd(13)} n=${String(rs.length).padEnd(3)} ${
        rs.every((r) => r.item.refuse)
          ? `refusal_recall ${s.refusal_recall}`
          : `hit_at_1 ${s.hit_at_1}  answer_accuracy ${s.answer_accuracy}  false_refusal_rate ${s.false_refusal_rate}`
      }`,
    );
  }
  // The summary stays the last line (scripts and tests read it as JSON).
  out.push(JSON.stringify(summarize(results)));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

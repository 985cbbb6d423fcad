import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type EvalItem, type EvalResult, isFailure, scoreOne, summarize } from '../qa/eval-score.js';
import { qaServiceFromEnv } from '../qa/from-env.js';
import { evalAnswerer } from '../feedback/eval-hook.js';

/**
 * `npm run cli -- eval FILE.jsonl` — score a question file (format of shared/eval/dev.jsonl).
 * The corpus comes from CORPUS_DIRS, e.g.
 *   CORPUS_DIRS=corpus:../shared/corpus/laws npm run cli -- eval ../shared/eval/dev.jsonl
 */
export async function run(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('-'));
  if (!file) {
    process.stderr.write('usage: eval FILE.jsonl [--json] [--curated]\n');
    return 2;
  }
  const items = (await readFile(path.resolve(process.cwd(), file), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalItem);
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
  const summary = summarize(results);
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
  out.push(`failures: ${results.filter(isFailure).length}/${results.length}`, JSON.stringify(summary));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}

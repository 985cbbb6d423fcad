import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monthlyReport } from '../forms/definitions/index.js';
import { FILL_WEIGHTS } from '../forms/extract.js';
import { type FillItem, type FillScore, crossValidate, fitWeights, recall, scoreFill } from '../forms/fit.js';
import { projectRoot } from '../paths.js';

const USAGE =
  'usage: eval-form FILE.jsonl [--cv] [--folds 5] [--fit [--write]] [--now 2026-12-15] [--tz Asia/Shanghai] [--errors]\n';
const WEIGHTS_FILE = path.join(projectRoot, 'src', 'forms', 'fill-weights.json');

function opt(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function table(score: FillScore): string[] {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const row = (label: string, s: FillScore['total']) =>
    `${pad(s.stated, 6)} ${pad(s.filled, 6)} ${pad(s.wrong, 5)} ${pad(s.missed, 6)} ${pad(recall(s).toFixed(3), 6)}  ${label}`;
  const lines = [
    `${pad('stated', 6)} ${pad('filled', 6)} ${pad('wrong', 5)} ${pad('missed', 6)} ${pad('recall', 6)}  field`,
  ];
  for (const [label, s] of Object.entries(score.byField)) if (s.stated || s.filled) lines.push(row(label, s));
  lines.push(row('(all fields)', score.total));
  return lines;
}

/**
 * `npm run cli -- eval-form FILE.jsonl` — score paragraph fill on a labelled set (format of
 * shared/eval/forms-train.jsonl): stated, filled, wrong, missed and recall, by field. `--cv` scores
 * k-fold cross-validated fits instead of the checked-in weights; `--fit --write` refits the weights on
 * the whole file and writes src/forms/fill-weights.json. Relative months (本月, 上月) are read against
 * `--now` (default: today).
 */
export async function run(argv: string[]): Promise<number> {
  const file = argv.find((a, i) => !a.startsWith('-') && !['--folds', '--now', '--tz'].includes(argv[i - 1] ?? ''));
  if (!file) {
    process.stderr.write(USAGE);
    return 2;
  }
  const now = new Date(opt(argv, '--now') ?? Date.now());
  const tz = opt(argv, '--tz') ?? process.env['TIMEZONE'] ?? 'Asia/Shanghai';
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`--now: not a date\n${USAGE}`);
    return 2;
  }
  const items = (await readFile(path.resolve(process.cwd(), file), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as FillItem);
  const out: string[] = [];
  let score: FillScore;
  if (argv.includes('--fit')) {
    const w = fitWeights(monthlyReport, items, now, tz);
    out.push(`fitted on ${items.length} paragraphs: ${JSON.stringify(w)}`);
    if (argv.includes('--write')) {
      await writeFile(WEIGHTS_FILE, `${JSON.stringify(w, null, 2)}\n`);
      out.push(`written to ${path.relative(process.cwd(), WEIGHTS_FILE)}`);
    }
    score = scoreFill(monthlyReport, items, now, tz, w);
    out.push('scores of the fitted weights on the same paragraphs (not cross-validated):');
  } else if (argv.includes('--cv')) {
    const k = Number(opt(argv, '--folds') ?? 5);
    score = crossValidate(monthlyReport, items, now, tz, k);
    out.push(`${k}-fold cross-validated (weights fitted on the other folds each time), ${items.length} paragraphs:`);
  } else {
    score = scoreFill(monthlyReport, items, now, tz, FILL_WEIGHTS);
    out.push(`checked-in weights (src/forms/fill-weights.json), ${items.length} paragraphs:`);
  }
  out.push(...table(score));
  if (argv.includes('--errors'))
    for (const e of score.errors)
      out.push(`✗ ${e.id} ${e.label}: expected ${JSON.stringify(e.expected)}, got ${JSON.stringify(e.got)}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

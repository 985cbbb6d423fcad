import { createInterface } from 'node:readline';
import { answerPlainText } from '../core/answer-view.js';
import { formatAnswer } from '../qa/feature.js';
import { qaServiceFromEnv } from '../qa/from-env.js';
import type { QaService } from '../qa/index.js';

/**
 * `npm run --silent cli -- ask --jsonl` reads {"id","question"} lines on stdin and writes one
 * {"id","answer","citations","refused"} line per question (nothing else on stdout).
 * `npm run cli -- ask "问题"` prints a readable answer. Corpus: CORPUS_DIRS (default corpus).
 */
async function jsonl(qa: QaService): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let bad = 0;
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let item: { id?: unknown; question?: unknown };
    try {
      item = JSON.parse(line) as { id?: unknown; question?: unknown };
    } catch {
      process.stderr.write(`ask: not JSON: ${line.slice(0, 80)}\n`);
      bad++;
      continue;
    }
    const a = await qa.answer(String(item.question ?? ''));
    const citations = a.citations.map((c) => ({ doc: c.doc, locator: c.locator, quote: c.quote }));
    process.stdout.write(
      `${JSON.stringify({ id: item.id ?? null, answer: a.answer, citations, refused: a.refused })}\n`,
    );
  }
  return bad > 0 ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  const asJsonl = argv.includes('--jsonl');
  const question = argv
    .filter((a) => !a.startsWith('--'))
    .join(' ')
    .trim();
  if (!asJsonl && question === '') {
    process.stderr.write('usage: ask "问题" | ask --jsonl < questions.jsonl\n');
    return 2;
  }
  const qa = await qaServiceFromEnv();
  try {
    if (asJsonl) return await jsonl(qa);
    const a = await qa.answer(question);
    const reply = formatAnswer(a, /[\u3400-\u9fff]/.test(question) ? 'zh' : 'en');
    process.stdout.write(`${answerPlainText(reply)}\n`);
    return 0;
  } finally {
    await qa.close();
  }
}

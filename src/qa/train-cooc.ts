import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { articleWords, COOC_DEFAULTS, COOC_FILE, type CoocOptions, learnCooc, serializeCooc } from './cooc.js';
import { listCorpus, loadFile } from './load.js';
import { qaRoot } from './paths.js';

/**
 * `npx tsx src/qa/train-cooc.ts [DIR] [--out FILE]` — learn the word associations (cooc.ts) from
 * a law collection, one article per passage (default ../shared/bench/laws-full), and write
 * src/qa/model/cooc.json. Only words and scores are written, never the texts.
 */
export async function trainCooc(dirs: string[], opt: CoocOptions = COOC_DEFAULTS): Promise<string> {
  const files = await listCorpus(dirs);
  const articles: string[][] = [];
  for (const f of files) {
    try {
      const { passages } = await loadFile(f);
      for (const p of passages) articles.push(articleWords(`${p.heading} ${p.text}`));
    } catch {
      // An unreadable file adds nothing.
    }
  }
  return serializeCooc(learnCooc(articles, opt));
}

async function main(argv: string[]): Promise<void> {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? path.resolve(argv[i + 1] as string) : COOC_FILE;
  const dir = argv.find((a, j) => !a.startsWith('-') && argv[j - 1] !== '--out') ?? '../shared/bench/laws-full';
  const t = performance.now();
  const text = await trainCooc([path.resolve(qaRoot, dir)]);
  await writeFile(out, text);
  process.stdout.write(
    `wrote ${out}: ${text.length} characters, ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { articleWords } from './cooc.js';
import { DOMAIN_FILE, learnDomain } from './domain.js';
import { listCorpus, readCorpusText } from './load.js';
import { qaRoot } from './paths.js';

/**
 * `npx tsx src/qa/train-domain.ts [--domain DIR…] [--general DIR] [--out FILE]` — count, for every
 * word of the domain documents (default: corpus and ../shared/corpus/laws), the share of domain
 * documents and of the general law collection (default ../shared/bench/laws-full) that use it, and
 * write their ratios to src/qa/model/domain.json. Only words and ratios are written, never texts.
 */
async function wordsOf(dirs: string[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const f of await listCorpus(dirs)) {
    try {
      out.push(articleWords(await readCorpusText(f.file)));
    } catch {
      // An unreadable file adds nothing.
    }
  }
  return out;
}

export async function trainDomain(domainDirs: string[], generalDirs: string[]): Promise<string> {
  const f = learnDomain(await wordsOf(domainDirs), await wordsOf(generalDirs));
  return `${JSON.stringify(f, null, 1)}\n`;
}

function option(argv: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) if (argv[i] === name && argv[i + 1]) out.push(argv[i + 1] as string);
  return out;
}

async function main(argv: string[]): Promise<void> {
  const domain = option(argv, '--domain');
  const general = option(argv, '--general');
  const out = option(argv, '--out')[0] ?? DOMAIN_FILE;
  const t = performance.now();
  const text = await trainDomain(
    (domain.length ? domain : ['corpus', '../shared/corpus/laws']).map((d) => path.resolve(qaRoot, d)),
    (general.length ? general : ['../shared/bench/laws-full']).map((d) => path.resolve(qaRoot, d)),
  );
  await writeFile(out, text);
  const n = Object.keys((JSON.parse(await readFile(out, 'utf8')) as { ratios: object }).ratios).length;
  process.stdout.write(`wrote ${out}: ${n} words, ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walk up from this module to the directory holding package.json. */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export const qaRoot: string = findRoot();

/** Resolve CORPUS_DIRS-style lists (colon-separated, relative to the project root). */
export function resolveCorpusDirs(spec: string | undefined): string[] {
  const raw = spec && spec.trim() !== '' ? spec : 'corpus';
  return raw
    .split(':')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => path.resolve(qaRoot, p));
}

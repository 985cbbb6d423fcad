import path from 'node:path';
import { projectRoot } from '../paths.js';

export const qaRoot: string = projectRoot;

/** Resolve CORPUS_DIRS-style lists (colon-separated, relative to the project root). */
export function resolveCorpusDirs(spec: string | undefined): string[] {
  const raw = spec && spec.trim() !== '' ? spec : 'corpus';
  return raw
    .split(':')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => path.resolve(qaRoot, p));
}

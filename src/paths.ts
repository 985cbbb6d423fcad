import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'prompts'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The project root (the folder holding package.json and prompts/), whether run from src/ or dist/. */
export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const promptsDir = path.join(projectRoot, 'prompts');
export const publicDir = path.join(projectRoot, 'src', 'web', 'public');

/** Resolve a path from configuration relative to the project root. */
export function fromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(projectRoot, p);
}

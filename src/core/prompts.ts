import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promptsDir } from '../paths.js';

const cache = new Map<string, string>();

/** Load `prompts/<name>` (e.g. `qa/system.md`) once; `{var}` placeholders are filled from vars. */
export function loadPrompt(name: string, vars: Record<string, string | number> = {}): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(promptsDir, name), 'utf8');
    cache.set(name, text);
  }
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

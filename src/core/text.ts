import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promptsDir } from '../paths.js';

export type TextVars = Record<string, string | number>;

/** Fill `{name}` placeholders from vars; a placeholder without a value stays as it is. */
export function fill(template: string, vars: TextVars = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

const cache = new Map<string, string>();

/** The text of `prompts/<name>` (e.g. `qa/system.md`, `i18n/zh.json`, `admin/layout.html`), read once. */
export function loadText(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(promptsDir, name), 'utf8');
    cache.set(name, text);
  }
  return text;
}

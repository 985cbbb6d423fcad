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

/**
 * Split text into pieces of at most `max` characters, cutting after the last sentence end
 * (。！？!?；\n) in the second half of the room, else at the limit.
 */
export function splitAtSentences(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = Array.from(text);
  while (rest.length > max) {
    let cut = -1;
    for (let j = max - 1; j >= max / 2; j--) {
      if ('。！？!?\n；'.includes(rest[j]!)) {
        cut = j + 1;
        break;
      }
    }
    if (cut < 0) cut = max;
    out.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut);
  }
  const last = rest.join('').trim();
  if (last !== '' || out.length === 0) out.push(last);
  return out;
}

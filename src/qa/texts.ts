import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Lang } from '../core/types.js';
import { qaRoot } from './paths.js';

/** User-facing Q&A strings and prompts, loaded once from prompts/qa/. */

export type TextKey =
  | 'refuse'
  | 'suggest'
  | 'sources'
  | 'empty'
  | 'reloaded'
  | 'reloadFailed'
  | 'englishNote'
  | 'englishSource'
  | 'superseded';

let texts: Record<Lang, Record<TextKey, string>> | null = null;

export function qaText(lang: Lang, key: TextKey, vars: Record<string, string | number> = {}): string {
  texts ??= JSON.parse(readFileSync(path.join(qaRoot, 'prompts/qa/texts.json'), 'utf8')) as Record<
    Lang,
    Record<TextKey, string>
  >;
  const s = texts[lang][key] ?? texts.zh[key];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

const prompts = new Map<string, string>();

/** A prompt template from prompts/qa/NAME.md. */
export function qaPrompt(name: string): string {
  let p = prompts.get(name);
  if (p === undefined) {
    p = readFileSync(path.join(qaRoot, 'prompts/qa', `${name}.md`), 'utf8');
    prompts.set(name, p);
  }
  return p;
}

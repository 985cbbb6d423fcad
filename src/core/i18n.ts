import { fill, loadText } from './text.js';
import type { Lang } from './types.js';

type Table = Record<string, string>;

const tables = new Map<Lang, Table>();

function table(lang: Lang): Table {
  let t = tables.get(lang);
  if (!t) {
    t = JSON.parse(loadText(`i18n/${lang}.json`)) as Table;
    tables.set(lang, t);
  }
  return t;
}

/** Look up a text by key: the language asked for, then Chinese, then the key itself. `{name}` is filled from vars. */
export function translate(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  return fill(table(lang)[key] ?? table('zh')[key] ?? key, vars);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Chinese unless the message is plainly English (Latin words and no Chinese characters). */
export function detectLang(text: string | undefined): Lang | null {
  if (!text) return null;
  if (CJK.test(text)) return 'zh';
  // Command names, ids (telegram:123) and codes say nothing about the user's language.
  const prose = text
    .replace(/^\/\S+/, '')
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]+[,.!?']?[A-Za-z]*[,.!?]?$/.test(w));
  const words = prose.join(' ').match(/[A-Za-z]{2,}/g);
  // Command arguments are often English keywords (`/broadcast status`): ask for a real sentence there.
  const needed = text.startsWith('/') ? 3 : 2;
  return words && words.length >= needed ? 'en' : null;
}

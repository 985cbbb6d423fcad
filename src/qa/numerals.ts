/**
 * Chinese ↔ Arabic numerals, so 二十五人 matches 25人 and 百分之一点五 matches 1.5%.
 * `numberTokens` emits canonical tokens (`25`, `1.5%`) for every number in a text.
 */

import { parseChineseInt, ZH_DIGITS } from '../core/zh-numerals.js';

const NUM_CHARS = '零〇一二两三四五六七八九十百千万亿';
const CN_NUM = new RegExp(`[${NUM_CHARS}]+(?:点[${NUM_CHARS}]+)?`, 'g');
const PERCENT_CN = new RegExp(`百分之([${NUM_CHARS}]+(?:点[${NUM_CHARS}]+)?)`, 'g');
const ARABIC = /\d+(?:\.\d+)?%?/g;

/** Parse 三十六 / 一点五 to a number string (`36`, `1.5`); null when not a number. */
export function chineseToArabic(s: string): string | null {
  const [intPart = '', frac] = s.split('点');
  const n = parseChineseInt(intPart);
  if (n === null) return null;
  if (frac === undefined) return String(n);
  const f = [...frac].map((c) => ZH_DIGITS[c]);
  if (f.some((d) => d === undefined)) return null;
  return `${n}.${f.join('')}`;
}

const UNIT_AFTER = /^[个人天日年月倍周名条项款次岁元份小分%]/;

function isMeaningfulChinese(run: string, after: string): boolean {
  // A lone 六/一 is usually part of a word (周六, 统一); count it only before a unit (三天, 五人).
  if (run.length >= 2) return true;
  return UNIT_AFTER.test(after) && !'万亿千百'.includes(run);
}

/** Canonical number tokens (`36`, `150%`, `1.5%`) for every number in `text`. */
export function numberTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PERCENT_CN)) {
    const v = chineseToArabic(m[1] ?? '');
    if (v !== null) out.push(`${v}%`, v);
  }
  for (const m of text.matchAll(CN_NUM)) {
    const run = m[0];
    if (!isMeaningfulChinese(run, text.slice((m.index ?? 0) + run.length, (m.index ?? 0) + run.length + 1))) continue;
    const v = chineseToArabic(run);
    if (v !== null) out.push(v);
  }
  for (const m of text.matchAll(ARABIC)) {
    const t = m[0];
    out.push(t);
    if (t.endsWith('%')) out.push(t.slice(0, -1));
  }
  return out;
}

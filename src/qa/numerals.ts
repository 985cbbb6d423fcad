/**
 * Chinese ↔ Arabic numerals, so 二十五人 matches 25人 and 百分之一点五 matches 1.5%.
 * `numberTokens` emits canonical tokens (`25`, `1.5%`) for every number in a text.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG: Record<string, number> = { 万: 1e4, 亿: 1e8 };

const NUM_CHARS = '零〇一二两三四五六七八九十百千万亿';
const CN_NUM = new RegExp(`[${NUM_CHARS}]+(?:点[${NUM_CHARS}]+)?`, 'g');
const PERCENT_CN = new RegExp(`百分之([${NUM_CHARS}]+(?:点[${NUM_CHARS}]+)?)`, 'g');
const ARABIC = /\d+(?:\.\d+)?%?/g;

/** Parse an integer written in Chinese (三十六, 一百五十, 二〇〇八, 十). NaN when invalid. */
export function parseChineseInt(s: string): number {
  if (s === '') return Number.NaN;
  // Digit-by-digit form such as 二〇〇八.
  if ([...s].every((c) => c in DIGITS) && s.length > 1) {
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const c of s) {
    const d = DIGITS[c];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const u = UNITS[c];
    if (u !== undefined) {
      section += (digit < 0 ? 1 : digit) * u;
      digit = -1;
      continue;
    }
    const b = BIG[c];
    if (b !== undefined) {
      total += (section + Math.max(digit, 0)) * b;
      section = 0;
      digit = -1;
      continue;
    }
    return Number.NaN;
  }
  return total + section + Math.max(digit, 0);
}

/** Parse 三十六 / 一点五 to a number string (`36`, `1.5`); null when not a number. */
export function chineseToArabic(s: string): string | null {
  const [intPart = '', frac] = s.split('点');
  const n = parseChineseInt(intPart);
  if (Number.isNaN(n)) return null;
  if (frac === undefined) return String(n);
  const f = [...frac].map((c) => DIGITS[c]);
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

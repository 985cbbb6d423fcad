/**
 * A paragraph as typed, rewritten into the shape the reader knows before anything is read:
 * key=value forms (培训场次=6) get a colon, English cue words and measure words (definitions/english.ts)
 * become their Chinese ones, English month names (Nov report) become 11月, and ×1 becomes 1次.
 */
import { ENGLISH_CUES, ENGLISH_MONTHS } from './definitions/english.js';

const WORD = (p: string) => `(?<![A-Za-z-])(?:${p})(?![A-Za-z-])`;
const CUES = ENGLISH_CUES.map(([en, zh]) => [new RegExp(WORD(en), 'gi'), zh] as const);
const MONTHS = ENGLISH_MONTHS.map(
  ([en, m]) =>
    [
      new RegExp(`${WORD(en)}\\.?(?:\\s*(?:report|monthly report|update|summary))?`, en === 'May' ? 'g' : 'gi'),
      `${m}月份`,
    ] as const,
);

export function normalizeParagraph(text: string): string {
  // 培训场次=6, 报告月份＝2026-10 (a key=value form); a == or => is not one.
  let s = text.replace(/\s*[=＝](?![=>])\s*/g, '：');
  if (!/[A-Za-z]/.test(s)) return s;
  for (const [re, m] of MONTHS) s = s.replace(re, m);
  for (const [re, zh] of CUES) s = s.replace(re, ` ${zh} `);
  // skill contest ×1, x2: a count of the thing just named
  s = s.replace(/\s*[×xX]\s*(\d+)(?![\dA-Za-z])/g, ' $1次');
  return s
    .replace(/ {2,}/g, ' ')
    .replace(/ ([，。；：,.;:/])/g, '$1')
    .trim();
}

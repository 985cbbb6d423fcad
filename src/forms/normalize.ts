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

const MEASURES = new Set(['人次', '人参加', '人', '场', '名选手参赛']);
const FIELD_CUES = [...new Set(ENGLISH_CUES.map(([, zh]) => zh))].filter((zh) => !MEASURES.has(zh));
const NUMBER_BEFORE_CUE = new RegExp(
  `(?<![\\d.])(\\d+(?:\\.\\d+)?%?) +(${FIELD_CUES.sort((a, b) => b.length - a.length).join('|')})(?![\\u4e00-\\u9fff])`,
  'g',
);

export function normalizeParagraph(text: string): string {
  // 培训场次=6, 报告月份＝2026-10 (a key=value form); a == or => is not one.
  // (?<!\s) tries a run of spaces from its first only: linear on long runs (bench/redos.ts).
  let s = text.replace(/(?<!\s)\s*[=＝](?![=>])\s*/g, '：');
  if (!/[A-Za-z]/.test(s)) return s;
  for (const [re, m] of MONTHS) s = s.replace(re, m);
  for (const [re, zh] of CUES) s = s.replace(re, ` ${zh} `);
  // English order, a number before the thing it counts (2 新建学习型班组 ← “2 new learning teams”):
  // the thing first, as Chinese writes it; measure words (142 人次) stay after their number.
  s = s.replace(NUMBER_BEFORE_CUE, '$2 $1');
  // skill contest ×1, x2: a count of the thing just named
  s = s.replace(/(?<!\s)\s*[×xX]\s*(\d+)(?![\dA-Za-z])/g, ' $1次');
  return s
    .replace(/ {2,}/g, ' ')
    .replace(/ ([，。；：,.;:/])/g, '$1')
    .trim();
}

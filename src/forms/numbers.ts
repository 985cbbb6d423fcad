/**
 * Rule-based number reading for form answers: Arabic digits (full- or half-width, 1,200, 1.8, 1.2万),
 * Chinese numerals (三, 两, 十二, 一百二十, 三万五千, 一万二, 二〇二六, 一点八) and percentages
 * (1.8%, 百分之一点八). Offline and deterministic; Chinese integers come from src/core/zh-numerals.ts.
 */

import { parseChineseInt, ZH_DIGITS, ZH_NUMERAL_CHARS } from '../core/zh-numerals.js';

const CN_CHARS = ZH_NUMERAL_CHARS;
const CN_INT = `[${CN_CHARS}]+`;
const CN_FRAC = '点[零〇一二三四五六七八九]+';

/** Full-width digits and punctuation to ASCII. */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。](?=\d)/g, '.')
    .replace(/％/g, '%');
}

/** A number written any supported way ("1,200", "１２", "1.2万", "一点八", "一百二十"), or null. */
export function parseNumber(raw: string): number | null {
  const s = toHalfWidth(raw.trim()).replace(/\s+/g, '');
  if (s === '') return null;
  const arabic = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([万千])?$/.exec(s);
  if (arabic) {
    const base = Number(arabic[1]!.replace(/,/g, '') + (arabic[2] ?? ''));
    const mult = arabic[3] === '万' ? 10_000 : arabic[3] === '千' ? 1000 : 1;
    return round(base * mult);
  }
  const cn = new RegExp(`^(${CN_INT})(${CN_FRAC})?$`).exec(s);
  if (cn) {
    const int = parseChineseInt(cn[1]!);
    if (int === null) return null;
    if (!cn[2]) return int;
    const frac = [...cn[2].slice(1)].map((c) => ZH_DIGITS[c]).join('');
    return Number(`${int}.${frac}`);
  }
  return null;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export interface NumberToken {
  value: number;
  /** Written as a percentage (1.8%, 百分之一点八). */
  percent: boolean;
  /** Measure word right after the number (个, 场, 人次, 名…), if any. */
  unit: string | null;
  /** Written with Chinese numerals (more likely to be part of a word, e.g. 一线). */
  chinese: boolean;
  start: number;
  end: number;
  raw: string;
}

/** Measure words, longest first so 人次 wins over 人 (money, time and things too: 2万元 is never “2 people”). */
export const MEASURE_WORDS = [
  '人次',
  '场次',
  '批次',
  '期次',
  '班次',
  '轮次',
  '个百分点',
  '个月',
  '个人',
  '万元',
  '元',
  '块钱',
  '岁',
  '小时',
  '学时',
  '分钟',
  '平方米',
  '公里',
  '台',
  '套',
  '辆',
  '万册',
  '册',
  '份',
  '张',
  '部',
  '门',
  '所',
  '条',
  '件',
  '位',
  '个',
  '场',
  '次',
  '期',
  '名',
  '人',
  '家',
  '项',
  '班',
  '批',
  '轮',
  '届',
  '本',
  '篇',
  '户',
  '天',
  '课时',
];

const NUMBER_SOURCE =
  `(百分之)?(?:(\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+(?:\\.\\d+)?)([万千](?![${CN_CHARS}]))?|(${CN_INT}(?:${CN_FRAC})?))` +
  `(?:\\s*[余多](?=${MEASURE_WORDS.join('|')}))?\\s*(%|${MEASURE_WORDS.join('|')})?`;

/** Every number in a text, with its unit and whether it is a percentage. */
const NUMBER_RE = new RegExp(NUMBER_SOURCE, 'gu');

export function findNumbers(text: string): NumberToken[] {
  const s = toHalfWidth(text);
  const re = NUMBER_RE; // matchAll works on a copy, so sharing the global regex is safe
  const out: NumberToken[] = [];
  for (const m of s.matchAll(re)) {
    const [raw, pct, arabic, mult, cn, unit] = m;
    const value = parseNumber(arabic ? arabic + (mult ?? '') : (cn ?? ''));
    if (value === null) continue;
    const percent = Boolean(pct) || unit === '%' || unit === '个百分点';
    out.push({
      value,
      percent,
      unit: unit && unit !== '%' ? unit : null,
      chinese: !arabic,
      start: m.index,
      end: m.index + raw.length,
      raw,
    });
  }
  return out;
}

const LEADING = /^(?:共计|共有|总共|合计|一共|大约|约|共|有|是|为|计|达|达到|累计|本月|[:：])+/;
const TRAILING_MARKS = new Set(['。', '.', '!', '！', '~', '～']);
const TRAILING_WORD = /(?:左右|上下|整|多)$/;

/**
 * Without the closing marks (。.!！~～) and one approximation word before them (左右, 上下, 整, 多).
 * A backward scan: the pattern `/(?:左右|上下|整|多)?[。.!！~～]*$/` it replaces was tried from every
 * position of a run of marks and so took quadratic time on long runs (see `npm run bench -- redos`).
 */
export function stripTrailing(s: string): string {
  let end = s.length;
  while (end > 0 && TRAILING_MARKS.has(s[end - 1]!)) end--;
  return s.slice(0, end).replace(TRAILING_WORD, '');
}

/**
 * The whole text as one quantity ("12 人", "一百二十人次", "百分之一点八", "约 3 场"), or null when it
 * says something else as well.
 */
export function parseQuantity(text: string): { value: number; percent: boolean; unit: string | null } | null {
  const lead = toHalfWidth(text.trim()).replace(LEADING, '');
  const s = stripTrailing(lead).trim();
  if (s === '') return null;
  const tokens = findNumbers(s);
  if (tokens.length !== 1) return null;
  const t = tokens[0]!;
  if (t.start !== 0 || t.end !== s.length) return null;
  return { value: t.value, percent: t.percent, unit: t.unit };
}

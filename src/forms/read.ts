/**
 * Reading a report paragraph into sentences, clauses and quantities, before any field is chosen.
 * Dates, months, ordinals, document numbers and times are blanked out first (same length, so
 * positions stay), so “11月8日”, “12月月报”, “第三期” or “锡工发〔2026〕15号” are never quantities.
 */
import { REPORT_LEXICON } from './definitions/lexicon.js';
import { ZH_NUMERAL_CHARS } from '../core/zh-numerals.js';
import { findNumbers, MEASURE_WORDS, toHalfWidth } from './numbers.js';

export interface Quantity {
  value: number;
  percent: boolean;
  unit: string | null;
  chinese: boolean;
  /** The number as written, without its measure word (‘20’, ‘1.5%’, ‘陆佰伍拾’). */
  raw: string;
  /** Index of its clause in the paragraph. */
  clause: number;
  start: number;
  end: number;
  /** Clause text since the previous quantity in the clause (or the clause start). */
  lead: string;
  /** Clause text from the clause start to this quantity. */
  prefix: string;
  /** The word right after the number and its measure word (项目 in “3个项目”), up to punctuation; '' if none. */
  after: string;
  /** Clause text after the last quantity of a clause (“32名选手参赛”); '' for the others, whose next words introduce the next number. */
  tail: string;
  /** Clause text from this quantity to the next one (or the clause end). */
  rest: string;
}

export interface ReadClause {
  text: string;
  sentence: number;
  quantities: Quantity[];
}

const MASK = '□';
/** What may not follow a bare Chinese numeral: a word or a closing quote (“书香三八”) goes on. */
const INSIDE = /[\u4e00-\u9fff”’」』》"']/;
const CN = `[${ZH_NUMERAL_CHARS}]`;
const D = `(?:\\d+|${CN}+)`;
const BLANKS: RegExp[] = [
  // 今年11月, 去年12月 (a month, not “this year”)
  new RegExp(`(?:今年|本年|去年|上年)\\s*${D}\\s*月(?:份)?`, 'g'),
  // 2026年11月8日, 2026年, 二〇二六年
  new RegExp(`(?:\\d{4}|[〇零一二三四五六七八九]{4})\\s*年(?:\\s*${D}\\s*月(?:份)?(?:\\s*${D}\\s*[日号])?)?`, 'g'),
  // 11月, 11月份, 12月底, 11月30日, 十一月
  new RegExp(`(?<!个)${D}\\s*月(?:份|底|初|中旬|上旬|下旬)?(?:\\s*${D}\\s*[日号])?`, 'g'),
  // 3个月 (a duration), 15日, 15号
  new RegExp(`${D}\\s*个月`, 'g'),
  /\d{1,2}\s*[日号]/g,
  // 第3季度, 第三期, 第2名; 下一次, 上一期, 每一场 (which one, not how many)
  new RegExp(`第\\s*${D}`, 'g'),
  /[上下每同某][一]\s*(?:次|期|场|轮|届|批|个|项)/g,
  // 〔2026〕, [2026], (2026), 14:00, 2点
  /[〔[【(（]\s*\d{4}\s*[〕\]】)）]/g,
  /\d{1,2}\s*[:：]\s*\d{2}(?!\d)/g,
  /\d{1,2}\s*点(?![\d〇零一二三四五六七八九])/g,
];

/** The text with every date-like expression replaced by □ of the same length. */
export function blankDates(text: string): string {
  let s = text;
  for (const re of BLANKS) s = s.replace(re, (m) => MASK.repeat(m.length));
  // A number in brackets of its own (“新建(2)个”) is the number: drop the brackets, keep positions.
  return s.replace(/[(（]\s*(\d+(?:\.\d+)?)\s*[)）]/g, (m, n: string) => ` ${n}${' '.repeat(m.length - n.length - 1)}`);
}

/** 两三场, 三四十人, 数十人, 上百人, 十几人, 百余人: a range or a guess, not a number to file. */
function vague(c: string, start: number, raw: string): boolean {
  const pct = raw.startsWith('百分之') ? 3 : 0;
  const n = /^[零〇一壹二贰两俩三叁仨四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿]+/.exec(raw.slice(pct))?.[0] ?? '';
  if (/[一二两三四五六七八九][一二两三四五六七八九]/.test(n)) return true;
  return (
    /(?:^|[^人次期场个总岁])数$|[几上近好]$/.test(c.slice(0, start)) ||
    /^[几来多余]/.test(c.slice(start + pct + n.length))
  );
}

/** The word after a number's measure word, unless it runs into the next number (then it leads that one). */
function counted(c: string, end: number, next: number): string {
  const w = /^[\u4e00-\u9fff]{1,8}/.exec(c.slice(end))?.[0] ?? '';
  // …九十人次其中外来务工人员…: a breakdown follows, the number counts nothing of its own.
  if (REPORT_LEXICON.parts.some((p) => w.startsWith(p))) return '';
  return end + w.length >= next ? '' : w;
}

/**
 * A space before a word (not a number or its measure word) ends a clause when typed without commas
 * (“人次是两百八十 然后农民工培训了九十人”); “新建 2 个” and “新建1 累计11” keep theirs.
 */
const SPACE = new RegExp(
  `(?<=[^\\s：:，,])\\s+(?=[\\u4e00-\\u9fff])(?![${ZH_NUMERAL_CHARS}]|${MEASURE_WORDS.join('|')})`,
);
const CLAUSE = new RegExp(`[，,](?!\\d{3}(?!\\d))|[·•|｜\\t\\u3000]|${SPACE.source}`);

/** Sentences (。；！？ and line breaks), each split into clauses at commas (not the one in 1,200) and spaces between words. */
export function readParagraph(text: string): ReadClause[] {
  const s = blankDates(toHalfWidth(text));
  const out: ReadClause[] = [];
  s.split(/[。；;！!？?\n]/).forEach((sentence, si) => {
    for (const part of sentence.split(CLAUSE)) {
      const c = part.trim();
      if (!c) continue;
      const index = out.length;
      // A bare Chinese numeral inside a word (一共, 一线, 三车间, 两争一树) is no quantity.
      const toks = findNumbers(c)
        .map((t) => ({ ...t, end: t.start + t.raw.trimEnd().length })) // “2 累计…”: the space is not the number's
        .filter((t) => !(t.chinese && !t.unit && !t.percent && INSIDE.test(c.charAt(t.end))))
        .filter((t) => !(t.chinese && vague(c, t.start, t.raw)));
      const quantities = toks.map((t, i): Quantity => {
        const from = i > 0 ? toks[i - 1]!.end : 0;
        return {
          value: t.value,
          percent: t.percent,
          unit: t.unit,
          chinese: t.chinese,
          raw: t.unit ? t.raw.slice(0, t.raw.lastIndexOf(t.unit)).replace(/(?<![\s余多])[\s余多]+$/, '') : t.raw.trim(),
          clause: index,
          start: t.start,
          end: t.end,
          lead: c.slice(from, t.start),
          prefix: c.slice(0, t.start),
          tail: i + 1 < toks.length ? '' : c.slice(t.end),
          rest: c.slice(t.end, toks[i + 1]?.start ?? c.length),
          after: counted(c, t.end, toks[i + 1]?.start ?? Number.POSITIVE_INFINITY),
        };
      });
      out.push({ text: c, sentence: si, quantities });
    }
  });
  return out;
}

import { DateTime } from 'luxon';
import type { Lang } from '../core/types.js';
import { parseQuantity, toHalfWidth } from './numbers.js';
import { type FieldDef, pick } from './types.js';

/** What a single answer turned into: a value, or an error key with what was expected. */
export type AnswerResult =
  | { ok: true; value: unknown }
  | { ok: false; error: string; vars: Record<string, string | number> };

export interface AnswerEnv {
  now: Date;
  tz: string;
  lang: Lang;
}

export function currentMonth(now: Date, tz: string): string {
  return DateTime.fromJSDate(now, { zone: tz }).toFormat('yyyy-MM');
}

/** A month expression anywhere in the text (本月, 上个月, 2026年10月, 2026-10, 十月份) → 'YYYY-MM'. */
export function findMonth(text: string, now: Date, tz: string): string | null {
  const s = toHalfWidth(text);
  const here = DateTime.fromJSDate(now, { zone: tz });
  if (/本月|这个月|当月|this month/i.test(s)) return here.toFormat('yyyy-MM');
  if (/上月|上个月|last month/i.test(s)) return here.minus({ months: 1 }).toFormat('yyyy-MM');
  const full =
    /(\d{4}|[二〇零一三四五六七八九]{4})\s*(?:年|[-./])\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月?/.exec(s);
  const monthOnly = /(?<![\d年])(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?:份)?/.exec(s);
  const cnMonth = (m: string): number => {
    if (/^\d+$/.test(m)) return Number(m);
    const d = '一二三四五六七八九'.indexOf(m);
    if (d >= 0) return d + 1;
    return m === '十' ? 10 : m === '十一' ? 11 : 12;
  };
  const cnYear = (y: string): number =>
    /^\d+$/.test(y)
      ? Number(y)
      : Number([...y].map((c) => '〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c)).join(''));
  let year: number;
  let month: number;
  if (full) {
    year = cnYear(full[1]!);
    month = cnMonth(full[2]!);
  } else if (monthOnly) {
    month = cnMonth(monthOnly[1]!);
    year = here.year;
    if (month > here.month) year -= 1; // "十二月" said in January means last December
  } else return null;
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

const YES = /^(是|是的|对|有|已|已经|已纳入|纳入了|已经纳入|好|好的|愿意|可以|yes|y|true|ok)$/i;
const NO = /^(否|不是|没有|没|无|未|未纳入|还没有|尚未|不|不愿意|no|n|false)$/i;

export function parseYesNo(text: string): boolean | null {
  // (?<!…) starts the run only at its first mark: linear on a long run of marks (bench/redos.ts).
  const s = text.trim().replace(/(?<![。.!！])[。.!！]+$/, '');
  if (NO.test(s)) return false;
  if (YES.test(s)) return true;
  return null;
}

/** Loose yes/no inside a clause that names the field (已纳入集体合同 / 未纳入职代会). */
export function yesNoInClause(clause: string): boolean | null {
  if (
    /(未|没有|没|尚未|还未|不)(纳入|列入|写入|写进|载入|编入|建立|开展|提交|提请|审议|通过)|[:：]\s*(否|没有|未)/.test(
      clause,
    )
  )
    return false;
  // A plan is not yet a yes (计划提交职代会, 拟纳入集体合同).
  if (/计划|拟|准备|打算|将要|下月|下次|争取/.test(clause)) return null;
  if (
    /(已|已经|均已|都已)?(纳入|列入|写入|写进|载入|编入)|(已|已经|均已|都已)(提交|提请)|(审议|表决)通过|[:：]\s*(是|已)/.test(
      clause,
    )
  )
    return true;
  return null;
}

/** The longest choice word in `s` (so 未启动 beats 启动), with the word. */
function longestChoice(f: FieldDef, s: string): { value: string; word: string } | null {
  let best: { value: string; word: string } | null = null;
  for (const c of f.choices ?? []) {
    for (const w of [c.label.zh, c.label.en.toLowerCase(), c.value, ...(c.synonyms ?? [])]) {
      const lw = w.toLowerCase();
      if (lw && s.includes(lw) && (!best || lw.length > best.word.length)) best = { value: c.value, word: lw };
    }
  }
  return best;
}

/**
 * The choice a text names (longest match wins, so 未启动 beats 启动), or null — also when the rest
 * names another choice (10月已启动…目前推进中: which one is meant is asked).
 */
export function matchChoice(f: FieldDef, text: string): string | null {
  const s = text.trim().toLowerCase();
  const best = longestChoice(f, s);
  if (!best) return null;
  const other = longestChoice(f, s.replace(best.word, ' '));
  return other && other.value !== best.value ? null : best.value;
}

function expected(f: FieldDef, lang: Lang, input: string): Record<string, string | number> {
  return { label: pick(f.label, lang), hint: pick(f.hint, lang), input: input.slice(0, 40) };
}

/** Read one answer to one field (the whole message is the answer). Never throws. */
export function parseAnswer(f: FieldDef, text: string, env: AnswerEnv): AnswerResult {
  const input = text.trim();
  const vars = expected(f, env.lang, input);
  switch (f.type) {
    case 'integer':
    case 'percent': {
      if (f.type === 'integer' && /^(没有|无|暂无|没|一个也没有|零)[。.!！]?$/.test(input))
        return { ok: true, value: 0 };
      const q = parseQuantity(input);
      if (!q) return { ok: false, error: f.type === 'integer' ? 'forms.err.integer' : 'forms.err.percent', vars };
      if (f.type === 'integer') {
        if (q.percent) return { ok: false, error: 'forms.err.integer', vars };
        if (!Number.isInteger(q.value))
          return { ok: false, error: 'forms.err.not_whole', vars: { ...vars, value: q.value } };
      }
      return inRange(f, q.value, vars);
    }
    case 'choice': {
      const v = matchChoice(f, input);
      if (v) return { ok: true, value: v };
      const byIndex = /^\d$/.test(input) ? f.choices?.[Number(input) - 1] : undefined;
      if (byIndex) return { ok: true, value: byIndex.value };
      const options = (f.choices ?? []).map((c) => pick(c.label, env.lang)).join(' / ');
      return { ok: false, error: 'forms.err.choice', vars: { ...vars, options } };
    }
    case 'yesno': {
      const v = parseYesNo(input);
      return v === null ? { ok: false, error: 'forms.err.yesno', vars } : { ok: true, value: v };
    }
    case 'text': {
      if (input === '') return { ok: false, error: 'forms.err.text_empty', vars };
      const max = f.max ?? 2000;
      if ([...input].length > max)
        return { ok: false, error: 'forms.err.text_long', vars: { ...vars, max, got: [...input].length } };
      return { ok: true, value: input };
    }
    case 'month': {
      const s = input.replace(/(?<![。.!！])[。.!！]+$/, '');
      // The whole answer must be a month (本月新建班组2个 is a paragraph, not a month answer).
      const rest = s.replace(
        /本月|这个月|当月|上个?月|this month|last month|\d+|[〇零一二三四五六七八九十]+|[年月份的\-./\s]/gi,
        '',
      );
      const m = rest === '' ? findMonth(s, env.now, env.tz) : null;
      if (!m) return { ok: false, error: 'forms.err.month', vars };
      if (m > currentMonth(env.now, env.tz))
        return { ok: false, error: 'forms.err.month_future', vars: { ...vars, value: m } };
      return { ok: true, value: m };
    }
  }
}

function inRange(f: FieldDef, value: number, vars: Record<string, string | number>): AnswerResult {
  const min = f.min ?? 0;
  const max = f.max ?? (f.type === 'percent' ? 100 : Number.MAX_SAFE_INTEGER);
  if (value < min || value > max) return { ok: false, error: 'forms.err.range', vars: { ...vars, min, max, value } };
  return { ok: true, value };
}

/** A stored value as people read it: 3 个, 1.8%, 已达标, 是. */
export function formatValue(f: FieldDef, value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return '—';
  switch (f.type) {
    case 'choice':
      return pick(f.choices?.find((c) => c.value === value)?.label ?? { zh: String(value), en: String(value) }, lang);
    case 'yesno':
      return value ? (lang === 'en' ? 'yes' : '是') : lang === 'en' ? 'no' : '否';
    case 'percent':
      return `${value}%`;
    case 'integer': {
      const u = f.unit ? pick(f.unit, lang) : '';
      return u ? `${value} ${u}` : String(value);
    }
    default:
      return String(value);
  }
}

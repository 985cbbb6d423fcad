/**
 * Is a model's answer grounded in the passages it was shown? The passages may come from documents
 * uploaded in the console (untrusted: anyone with a staff account, or a careless copy-paste, can put
 * “忽略之前的指令…” into the corpus), so the model's text is kept only when every sentence
 *   - cites at least one passage it was shown ([n]),
 *   - states no number that its cited passages do not state (by value: 150% = 百分之一百五十), and
 *   - in Chinese, is mostly made of the cited passages' words (character pairs, ≥ MIN_SUPPORT).
 * Otherwise the caller falls back to the offline extractive answer, which only quotes the corpus.
 * English answers translate the passages, so for them only citations and numbers are checked.
 */
import { parseChineseInt } from '../core/zh-numerals.js';

/** Share of a Chinese sentence's character pairs that must occur in its cited passages. */
export const MIN_SUPPORT = 0.5;

export type Grounding = { ok: true } | { ok: false; reason: string; sentence: string };

const CITE = /\[(\d+)\]/g;
const CJK = /[\u3400-\u9fff]/;
/** Chinese numerals that read as a number on their own (一 alone is usually part of a word: 一律, 统一). */
const ZH_NUM = /[零〇一二两三四五六七八九十百千万亿]+/g;
const ZH_COUNTED = /^[天年月日周倍个次人元名岁小项条]/;
/** Character pairs so common that they say nothing about where a sentence comes from. */
const FILLER = new Set(['根据', '规定', '可以', '应当', '的是', '是的', '按照', '依照', '其中', '以及', '如果', '您的', '你的']);

/** Split after 。！？!? and line breaks; a citation right after the mark stays with its sentence. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    cur += chars[i];
    if (!/[。！？!?\n]/.test(chars[i]!)) continue;
    // `…支付。[1][2]` → the citations belong to this sentence.
    let j = i + 1;
    let tail = '';
    while (j < chars.length && /[\s[\]\d]/.test(chars[j]!)) tail += chars[j++];
    if (/^\s*(\[\d+\]\s*)+$/.test(tail)) {
      cur += tail;
      i = j - 1;
    }
    out.push(cur);
    cur = '';
  }
  if (cur.trim() !== '') out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** The numbers a text states, by value (Arabic, Chinese numerals, 百分之…, 1.5万). */
export function numbersOf(text: string): { values: Set<number>; raws: string[] } {
  const values = new Set<number>();
  const raws: string[] = [];
  const t = text.replace(CITE, ' ').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  for (const m of t.matchAll(/\d+(?:[.,]\d+)*/g)) {
    const raw = m[0].replace(/,/g, '');
    const n = Number(raw) * (t[m.index + m[0].length] === '万' ? 10_000 : 1);
    values.add(Number(raw));
    values.add(n);
    raws.push(m[0]);
  }
  for (const m of t.matchAll(ZH_NUM)) {
    const raw = m[0];
    const n = parseChineseInt(raw);
    if (n === null) continue;
    values.add(n);
    // A single 一/二/三 is a number only before a measure word (三倍, 五天); in passages it always counts.
    if ([...raw].length > 1 || ZH_COUNTED.test(t.slice(m.index + raw.length))) raws.push(raw);
  }
  return { values, raws };
}

function pairsOf(text: string): string[] {
  const chars = [...text.replace(CITE, '')];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    const p = chars[i]! + chars[i + 1]!;
    if (CJK.test(chars[i]!) && CJK.test(chars[i + 1]!) && !FILLER.has(p)) out.push(p);
  }
  return out;
}

/**
 * Check `answer` against the passages shown to the model (`shown[n - 1]` is passage [n]). Sentences
 * without content of their own (only marks or citations) and lead-ins ending in a colon
 * (根据规定：) pass.
 */
export function checkGrounding(answer: string, shown: string[], lang: 'zh' | 'en'): Grounding {
  for (const sentence of sentencesOf(answer)) {
    const bare = sentence.replace(CITE, '').replace(/[\s\p{P}\p{S}]/gu, '');
    if (bare.length < 2) continue;
    if (/[：:]$/.test(sentence) && !/\d/.test(sentence) && [...bare].length <= 20) continue;
    const cited = [...sentence.matchAll(CITE)]
      .map((m) => Number(m[1]))
      .filter((n) => n >= 1 && n <= shown.length)
      .map((n) => shown[n - 1]!);
    if (cited.length === 0) return { ok: false, reason: 'uncited', sentence };
    const source = cited.join('\n');
    const have = numbersOf(source).values;
    const said = numbersOf(sentence);
    for (const raw of said.raws) {
      const v = /\d/.test(raw) ? Number(raw.replace(/,/g, '')) : parseChineseInt(raw);
      if (!source.includes(raw) && (v === null || !have.has(v))) return { ok: false, reason: 'number', sentence };
    }
    if (lang === 'zh' || CJK.test(bare)) {
      const pairs = pairsOf(sentence);
      if (pairs.length > 0) {
        const found = pairs.filter((p) => source.includes(p)).length;
        if (found / pairs.length < MIN_SUPPORT) return { ok: false, reason: 'unsupported', sentence };
      }
    }
  }
  return { ok: true };
}

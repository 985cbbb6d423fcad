import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeSearch } from './normalize.js';
import { numberTokens } from './numerals.js';
import { EN_STOP_WORDS, STOP_WORDS } from './stopwords.js';
import { segmenterPhrases } from './synonyms.js';

/**
 * Tokenisation shared by indexing and querying: jieba `cut` words (dictionary loaded once),
 * character bigrams of longer words (so 书面合同 meets 书面劳动合同), canonical number tokens.
 */

/** Domain terms jieba should keep whole (they also yield bigrams, so partial matches still work). */
const USER_WORDS = [
  '两争一树',
  '学习型组织',
  '知识型职工',
  '学习型班组',
  '学习型企业',
  '学习型工会',
  '双十佳',
  '年休假',
  '带薪年休假',
  '工会经费',
  '试用期',
  '法定休假日',
  '休息日',
  '延长工作时间',
  '经济补偿',
  '用人单位',
  '劳动合同',
  '书面劳动合同',
  '非全日制用工',
  '停工留薪期',
  '工伤认定',
  '工伤保险',
  '工伤保险费',
  '劳动模范',
  '职工教育经费',
  '劳动争议',
  '仲裁时效',
  '失业保险金',
  '哺乳时间',
  '产假',
  '工资总额',
  '工作要点',
  '领导小组',
];

let jieba: Jieba | null = null;
function getJieba(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    // Lexicon phrases stay whole too (年假, 跳槽, 乙肝), so their rewrites apply.
    const lexicon = segmenterPhrases().filter((w) => /^[\u3400-\u9fff]{2,8}$/.test(w));
    const all = [...new Set([...USER_WORDS, ...lexicon])];
    jieba.loadDict(Buffer.from(all.map((w) => `${w} 20000 n`).join('\n'), 'utf8'));
  }
  return jieba;
}

/** 几天, 多少个, 多久, 哪两个, 啥时候: question words, not topic. */
const QUESTION_WORD = /^(几|多少|多久|多长|多大|多高|哪|啥|咋|什么)[\u3400-\u9fff]{0,3}$/;
const HAS_CJK = /[\u3400-\u9fff]/;
const WORD = /^[\u3400-\u9fff]+$|^[a-z][a-z0-9]*$|^\d+(?:\.\d+)?%?$/;

export interface Token {
  term: string;
  /** 1 for words and numbers, lower for derived bigrams and single characters. */
  weight: number;
}

export const BIGRAM_WEIGHT = 0.35;
export const SINGLE_CHAR_WEIGHT = 0.5;

/** Segmented words of an already-normalised (search form) text, stop words removed. */
export function words(searchText: string): string[] {
  const out: string[] = [];
  for (const w of getJieba().cut(searchText, false)) {
    if (!WORD.test(w) || STOP_WORDS.has(w) || QUESTION_WORD.test(w)) continue;
    // English words (the passages' English expansion questions, English questions): no stop
    // words, a plural's -s dropped so "holidays" meets "holiday".
    if (LATIN_WORD.test(w)) {
      if (w.length < 3 || EN_STOP_WORDS.has(w)) continue;
      out.push(w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
    } else out.push(w);
  }
  return out;
}
const LATIN_WORD = /^[a-z]/;

/**
 * Runs of two to four single Chinese characters that jieba left unsegmented and that are not
 * stop words (张/士/东, 徐/炯/明): usually a person's or place's name, to be matched whole.
 */
export function nameRuns(searchText: string): string[] {
  const out: string[] = [];
  let run = '';
  const flush = (): void => {
    // …but not a question word jieba cut into characters (有/多/高 → 多高).
    if (run.length >= 2 && run.length <= 4 && !QUESTION_WORD.test(run)) out.push(run);
    run = '';
  };
  for (const w of getJieba().cut(searchText, false)) {
    if (/^[\u3400-\u9fff]$/.test(w) && !STOP_WORDS.has(w)) run += w;
    else flush();
  }
  flush();
  return out;
}

/**
 * Compounds jieba split before a one-character concept suffix (护理/假 → 护理假, 育儿/假 → 育儿假):
 * the question's word for a benefit, fee or certificate, to be checked against the corpus whole.
 */
export function suffixCompounds(searchText: string, suffix: RegExp): string[] {
  const out: string[] = [];
  const toks = getJieba().cut(searchText, false);
  for (let i = 1; i < toks.length; i++) {
    const a = toks[i - 1] as string;
    const b = toks[i] as string;
    if (
      /^[\u3400-\u9fff]$/.test(b) &&
      suffix.test(b) &&
      /^[\u3400-\u9fff]{2,}$/.test(a) &&
      !STOP_WORDS.has(a) &&
      !QUESTION_WORD.test(a) &&
      !/[天日月年]$/.test(a)
    )
      out.push(a + b);
  }
  return out;
}

/**
 * Adjacent word pairs whose second word names a concept (`concept`: 补贴, 津贴, 奖金) and whose
 * first, a word of two characters or more, qualifies it (夜班/补贴, 高温/津贴): the question's
 * compound, to be checked against the corpus. Question words, stop words, amounts never qualify.
 */
export function joinedCompounds(searchText: string, concept: RegExp): [string, string][] {
  const out: [string, string][] = [];
  const toks = getJieba().cut(searchText, false);
  for (let i = 1; i < toks.length; i++) {
    const a = toks[i - 1] as string;
    const b = toks[i] as string;
    if (
      /^[\u3400-\u9fff]{2,}$/.test(b) &&
      concept.test(b) &&
      /^[\u3400-\u9fff]{2,}$/.test(a) &&
      !/[些那这笔块元个每]/.test(a) &&
      !STOP_WORDS.has(a) &&
      !QUESTION_WORD.test(a) &&
      !VERB_BEFORE_CONCEPT.test(a)
    )
      out.push([a, b]);
  }
  return out;
}
/** Verbs that take a concept as object (享受待遇, 缴纳保险, 领取补贴): not a qualifier. */
const VERB_BEFORE_CONCEPT = /^(享受|享有|申请|领取|支付|发放|缴纳|参加|办理|请了|休了)$/;

/** All tokens of a text with their weights (text is normalised here). */
export function tokenize(text: string): Token[] {
  return tokenizeSearch(normalizeSearch(text));
}

/** `tokenize` of an already-normalised (search form) text. */
export function tokenizeSearch(s: string): Token[] {
  const out: Token[] = [];
  for (const w of words(s)) {
    if (HAS_CJK.test(w)) {
      out.push({ term: w, weight: w.length === 1 ? SINGLE_CHAR_WEIGHT : 1 });
      if (w.length >= 3)
        for (let i = 0; i + 2 <= w.length; i++) out.push({ term: w.slice(i, i + 2), weight: BIGRAM_WEIGHT });
    } else if (!/^\d/.test(w)) {
      out.push({ term: w, weight: 1 });
    }
  }
  for (const n of numberTokens(s)) out.push({ term: n, weight: 1 });
  return out;
}

/** Prefix of character-bigram terms: a second, segmentation-free index in the same postings. */
export const CHAR_PREFIX = '\u0001';
const CJK_RUN = /[\u3400-\u9fff]+/g;

/** Character bigrams of every Chinese run of an already-normalised text (prefixed terms). */
export function charGrams(searchText: string): string[] {
  const out: string[] = [];
  for (const m of searchText.matchAll(CJK_RUN)) {
    const run = m[0];
    if (run.length === 1) out.push(CHAR_PREFIX + run);
    for (let i = 0; i + 2 <= run.length; i++) out.push(CHAR_PREFIX + run.slice(i, i + 2));
  }
  return out;
}

/** Term frequencies of a text for indexing (bigram and word occurrences count alike). */
export function termCounts(text: string, into: Map<string, number>, fieldWeight: number): void {
  for (const t of tokenize(text)) into.set(t.term, (into.get(t.term) ?? 0) + fieldWeight);
}

import type { Bm25Index, QueryTerm } from './index-bm25.js';
import { normalizeSearch } from './normalize.js';
import { numberTokens } from './numerals.js';
import { BIGRAM_WEIGHT, CHAR_PREFIX, charGrams, nameRuns, SINGLE_CHAR_WEIGHT, words } from './segment.js';
import { STOP_WORDS } from './stopwords.js';
import { expandSynonyms } from './synonyms.js';
import { associatesOf } from './cooc.js';

/** A topic word of the question with its accepted alternative spellings. */
export interface KeyWord {
  word: string;
  alts: string[];
  weight: number;
  idf: number;
}

/** What kind of fact the question asks for. */
export type AnswerType = 'number' | 'date' | 'court' | 'place' | 'list' | 'who' | 'define' | 'other';

export interface BuiltQuery {
  /** Word terms (jieba words, their bigrams, numbers, lexicon rewrites). */
  terms: QueryTerm[];
  /** Character-bigram terms (CHAR_PREFIX), robust to segmentation and colloquial variants. */
  charTerms: QueryTerm[];
  keys: KeyWord[];
  /** The question asks for a quantity (多少/几/多久/百分之几). */
  wantsNumber: boolean;
  asks: AnswerType;
  /** How a number in the unit asked for looks (几天 → N天), or null. */
  unit: RegExp | null;
  /** The question in search form (for document-name matching). */
  text: string;
}

const ASKS: [AnswerType, RegExp][] = [
  ['court', /哪个法院|哪级法院|什么法院|哪一级法院|管辖|which court/i],
  // Where to go or apply (哪些地方, 去哪儿): a place, not a list of things.
  [
    'place',
    /哪些地方|什么地方|哪个地方|哪里|哪儿|(什么|哪个)(地址|地点|位置)|\baddress\b|(去|在)哪(?![几一些个天年月日号条项])|何地|\bwhere (can|do|does|should|is|are|must|to|may|will)\b/i,
  ],
  // Strong list cues win over the quantity words inside them (哪几项, 分别是什么).
  [
    'list',
    /哪些|哪几|有哪|包括哪|分别是|各是什么|[两三四五六七八九十]项|[两三四五六七八九十]个方面|which (two|three|four)/i,
  ],
  [
    'date',
    /什么时候|何时|哪天|哪一天|哪一年|哪年|几月|哪个月|日期|起施行|\bwhen (is|are|was|were|do|does|did|will|would|should|must|can|could|shall|may)\b|by when|what date|which year/i,
  ],
  // 这几天, 前几年, 好几个: a demonstrative, not a question.
  [
    'number',
    /多少|(?<![这那前好头])几|多久|多长|百分之|比例|how (many|much|long|old|large|big|high|heavy)|percent|what (percentage|share|rate)|what is the [\w\s-]{0,40}\b(rate|percentage|proportion|ratio|wage|salary|amount)\b/i,
  ],
  [
    'list',
    /哪些|哪几|包括|有哪|什么内容|几种|几类|几项|哪两|哪三|which (two|three|four)|what (are|kinds?|types?)|list/i,
  ],
  ['who', /谁|职务|担任|who\b|position|job title/i],
  // What a term means: the law's own definition (本法所称…是指…).
  [
    'define',
    /什么是|是什么意思|什么意思|是指什么|指什么|指的是|是指|含义|定义|怎么界定|如何界定|\bmeans?\b|meaning|definition|\bdefines?\b|defined/i,
  ],
];

/** 十几年, 几十号人, 几百块, 几乎: an approximate count or an adverb, not a question word. */
const APPROX_JI = /(?<=[十百千万])几|几(?=[十百千万乎])/g;
/** The question with its approximate 几 blanked, for the answer-type and unit patterns. */
export function askForm(question: string): string {
  return question.replace(APPROX_JI, '约');
}

/**
 * The part of a Chinese question that asks: its clauses that end in a question mark or a question
 * word or ask whether (有没有, 是否), and its last clause. A clause of the story before it (之前欠的几个月工资一直没给，现在去讨还来得及吗) tells, it
 * does not ask for a number of months. English query text (glossary terms first) is read whole.
 */
export function askingPart(question: string): string {
  if (/[a-z]/i.test(question)) return question;
  // A space between Chinese clauses separates them as a comma would (…开了几次工会的会 主管说要扣我工资 他能扣吗).
  const clauses = question.match(/[^，,。；;？?！!\s]+[，,。；;？?！!\s]*/g) ?? [question];
  if (clauses.length < 2) return question;
  const last = clauses.length - 1;
  // …or asks whether (有没有夜班补贴，标准是多少: the allowance is what is asked about).
  return clauses.filter((c, i) => i === last || ASKING_END.test(c) || YES_NO.test(c)).join('');
}

/** A clause that asks: a question mark, or a question word at its end (是多少岁，… / 能休几天，…). */
const ASKING_END =
  /([？?]|(多少|几)[\u3400-\u9fff]{0,3}|吗|呢|么|什么|怎么办|怎么算|如何|是谁|哪[\u3400-\u9fff]{0,3})[，,。；;？?！!\s]*$/;

/** A yes/no question (是否需要写明…日期？): it asks whether, not for the date or the amount it names. */
const YES_NO = /是否|能否|可否|是不是|要不要|需不需要|有没有|能不能|可不可以|吗[？?。\s]*$/;
const WH = /多少|(?<![这那前好头])几|什么|哪|谁|何时|何地|怎|多久|多长|多大|多高|多重/;
/** 多少 or 几 asking a quantity (这几天, 前几年, 好几个 are demonstratives). */
export const QUANTITY_WORD = /多少|(?<![这那前好头])几/;

export function answerTypeOf(question: string): AnswerType {
  const q = askForm(question);
  if (!/[a-z]/i.test(q) && YES_NO.test(q) && !WH.test(q)) return 'other';
  for (const [t, re] of ASKS) if (re.test(q)) return t;
  return 'other';
}

const NUM = '[0-9零〇一二两三四五六七八九十百千万.]+';
/** A numeral with 个 (五个 of 五个月): a number, never a key word (a bare 万 may be a topic). */
const NUMERAL_WORD = /^[零〇一二两三四五六七八九十百千万]+个$/;
/** The unit a quantity question asks for → how a number in that unit looks in the text. */
const UNITS: [RegExp, RegExp][] = [
  // A deadline (多少天内提出) may be stated in months or years (一年内).
  [/((?<![这那前好头])几|多少)个?(工作日|天|日)(内|以内|之内)/, new RegExp(`${NUM}个?(工作日|天|日|月|年)`)],
  [/((?<![这那前好头])几|多少)个?(工作日|天|日)/, new RegExp(`${NUM}个?(工作日|天|日)`)],
  // The same units asked in English.
  [/\bhow many (working |calendar |paid )?days\b/i, new RegExp(`${NUM}个?(工作日|天|日)`)],
  [/\bhow many months\b/i, new RegExp(`${NUM}个月`)],
  [/\bhow many hours\b/i, new RegExp(`${NUM}个?小时`)],
  [/\bhow (old|many years old)\b/i, new RegExp(`${NUM}周?岁`)],
  [
    /\bhow many (people|persons|workers|members|employees)\b/i,
    new RegExp(`${NUM}(个|名)?(人|名)|半数|多数|[二三四五]分之`),
  ],
  [/(几|多少)个月|几个多月/, new RegExp(`${NUM}个月`)],
  [/(几|多少)(周)?岁/, new RegExp(`${NUM}周?岁`)],
  [/(几|多少)个?小时/, new RegExp(`${NUM}个?小时`)],
  [/(几|多少)倍|翻几番|按几成/, /倍|百分之[一二三四五六七八九十百]+|\d+%/],
  [/(几|多少)(个)?(人|名)/, new RegExp(`${NUM}(个|名)?(人|名)|半数|多数|[二三四五]分之`)],
  [/百分之几|百分之多少|多少%|几%|多少比例|比例是多少|占.{0,10}(多少|几)|(总额|工资|收入)的(多少|几)/, /\d%|百分之/],
  [/\b(rate|percentage|percent|proportion|ratio)\b/, /\d%|百分之|倍/],
  [/几号/, new RegExp(`${NUM}(日|号)`)],
  // How often (每年开几次) and at what hour (晚上几点到几点): a count of times, a clock time.
  [/(几|多少)(次|回)|\bhow many times\b/i, new RegExp(`${NUM}(次|回)`)],
  [
    /(早上|上午|中午|下午|晚上|夜里|夜间|凌晨|次日|第二天|从|到|至)几点|几点(钟|到|至|之间|以后|以前|之前|之后|开始|结束|上班|下班)|\bwhat time\b|\bfrom what hour\b/i,
    new RegExp(`${NUM}(点|时)(?!以上|以下)|\\d{1,2}:\\d\\d`),
  ],
  [/电话|号码|手机/, /\d{5,}/],
  // A website, an app or a download, a template or a form to fill: the corpus must name one.
  [
    /网站|网址|网页|小程序|公众号|\bapp\b|下载|website|download|online portal/i,
    /网站|网址|网页|小程序|公众号|http|www\.|信息平台|服务平台/,
  ],
  [/模板|范本|样本|样表|范文|template|sample form/i, /模板|范本|示范文本|样本|样式/],
  // Who won or was chosen (评出的标兵都有谁, 获得者名单): the corpus must hold a list of names.
  [
    /(评出|评上|评选出|选出|获评|当选|获奖|获得|得主).{0,16}(都有谁|都是谁|有谁|是谁|哪些人|哪几位|哪几个人|名字|名单)|获得者|获奖者|获奖名单|\bwho (won|were awarded|received)\b|\bwinners?\b/i,
    /名单|获奖者|获得者|当选者/,
  ],
  [
    /多少钱|多少元|几元|多少块|(?<!哪)几块|多少万元|多少(奖金|补贴|津贴|奖励|工资)|(奖金|补贴|津贴|奖励费|工资|年金|公积金).{0,8}(多少|几)(?![年天日月个小倍岁人名号周])/,
    new RegExp(`${NUM}(元|万元)|不收费|免费|不得收取|无偿`),
  ],
  [/(?<![好那这前头哪])(几|多少)年(?!级)/, new RegExp(`${NUM}年`)],
];

/**
 * A physical measure or a count of writings (多少公里, 几吨, 多少度, 几篇论文): the passage must state
 * a number in that very unit. (Durations are left to UNITS: 几周 may be answered in days.)
 */
const MEASURE = /(?:几|多少)(公里|千米|厘米|毫米|平方米|平米|米|公斤|千克|吨|斤|亩|毫升|升|分贝|摄氏度|度|篇|页)/;

const ENGLISH_MEASURES: Record<string, string> = {
  kilometers: '公里|千米',
  kilometres: '公里|千米',
  km: '公里|千米',
  meters: '米',
  metres: '米',
  kilograms: '公斤|千克',
  kg: '公斤|千克',
  tons: '吨',
  tonnes: '吨',
  degrees: '度|摄氏度',
  pages: '页',
};
const ENGLISH_MEASURE = /\bhow many (kilometers|kilometres|km|meters|metres|kilograms|kg|tons|tonnes|degrees|pages)\b/i;

export function askedUnit(question: string): RegExp | null {
  const s = askForm(question);
  for (const [q, t] of UNITS) if (q.test(s)) return t;
  const m = MEASURE.exec(s);
  if (m) return new RegExp(`${NUM}${m[1]}`);
  const e = ENGLISH_MEASURE.exec(s);
  return e ? new RegExp(`${NUM}(${ENGLISH_MEASURES[(e[1] as string).toLowerCase()]})`) : null;
}

/** Character bigrams of the question's topic words (stop and question words blanked out). */
function charQuery(s: string): string {
  return words(s).join(' ');
}

const LEXICON_CHAR_WEIGHT = 0.6;
const DEFINITION_GRAMS = ['所称', '是指'];

const SYNONYM_WEIGHT = 0.7;
const ENGLISH_WEIGHT = 0.5;
export const HISTORY_WEIGHT = 0.7;

const FOLLOW_UP_START = /^(那|那么|还有|另外|如果|要是|假如|and\b|what about|how about|and if)/i;
const FOLLOW_UP_END = /(呢|的话)[?？。!！\s]*$/;

/** A short question that leans on the previous turn ("那女职工呢？"). */
export function isFollowUp(question: string): boolean {
  const q = question.trim();
  return q.length <= 16 && (FOLLOW_UP_START.test(q) || FOLLOW_UP_END.test(q));
}

function add(map: Map<string, QueryTerm>, term: string, weight: number): void {
  const cur = map.get(term);
  if (!cur || cur.weight < weight) map.set(term, { term, weight });
}

/** Weighted query terms and key words for retrieval, confidence and sentence choice. */
export function buildQuery(index: Bm25Index, question: string, previous: string | null): BuiltQuery {
  const terms = new Map<string, QueryTerm>();
  const chars = new Map<string, QueryTerm>();
  const keys = new Map<string, KeyWord>();
  const addChars = (text: string, scale: number): void => {
    for (const g of charGrams(charQuery(text))) if (g.length > CHAR_PREFIX.length + 1) add(chars, g, scale);
  };
  const addText = (text: string, scale: number, asKey: boolean): void => {
    const s = normalizeSearch(text);
    addChars(s, scale);
    for (const w of words(s)) {
      if (/^\d/.test(w)) continue;
      const base = (w.length === 1 ? SINGLE_CHAR_WEIGHT : 1) * scale;
      // An English word is a search term (for the English expansion questions), never a key word.
      if (/^[a-z]/.test(w)) {
        add(terms, w, ENGLISH_WEIGHT * scale);
        continue;
      }
      add(terms, w, base);
      if (w.length >= 3) for (let i = 0; i + 2 <= w.length; i++) add(terms, w.slice(i, i + 2), BIGRAM_WEIGHT * scale);
      // 五个 (of 五个月): a numeral is a number token, not a topic word.
      if (asKey && !keys.has(w) && !NUMERAL_WORD.test(w))
        keys.set(w, { word: w, alts: [], weight: base, idf: index.idf(w) });
    }
    for (const n of numberTokens(s)) {
      add(terms, n, scale);
      // A year names a specific document or period: a strong constraint. Other numbers are hints.
      const isYear = /^(19|20)\d\d$/.test(n);
      if (asKey && !keys.has(n) && (isYear || index.df(n) > 0)) {
        keys.set(n, { word: n, alts: [], weight: (isYear ? 1.5 : 0.5) * scale, idf: index.idf(n) });
      }
    }
    for (const { word, alts } of expandSynonyms(s)) {
      for (const a of alts) {
        for (const w of words(a)) add(terms, w, SYNONYM_WEIGHT * scale);
        addChars(a, LEXICON_CHAR_WEIGHT * scale);
      }
      if (!asKey) continue;
      const k = keys.get(word) ?? [...keys.values()].find((x) => x.word.includes(word));
      if (k) {
        // A colloquial phrase inside a corpus word (学习 in 学习型企业) does not rewrite that word:
        // 培训 is no spelling of 学习型企业. Its rewrites stay search terms only.
        if (k.word === word || index.df(k.word) === 0) k.alts.push(...alts, word);
        continue;
      }
      // A phrase the segmenter splits (法定/节假日) is one key word in place of its parts, as
      // specific as its most specific part.
      const parts = [...keys.values()].filter((x) => word.includes(x.word));
      for (const x of parts) keys.delete(x.word);
      const idf = parts.length > 0 ? Math.max(...parts.map((x) => x.idf)) : index.idf(word);
      keys.set(word, { word, alts: [...alts], weight: scale, idf });
    }
  };
  addText(question, 1, true);
  // Names jieba splits into single characters (张士东) are one key word, matched whole.
  for (const run of nameRuns(normalizeSearch(question))) {
    // A run inside a lexicon phrase already kept whole (喝/多 in 喝多了) is not a name.
    if (keys.has(run) || [...keys.keys()].some((w) => w.includes(run))) continue;
    let idf = 0;
    for (let i = 0; i + 2 <= run.length; i++) idf = Math.max(idf, index.idf(CHAR_PREFIX + run.slice(i, i + 2)));
    keys.set(run, { word: run, alts: [], weight: 1, idf });
  }
  if (previous !== null) addText(previous, HISTORY_WEIGHT, true);
  // A word the corpus never uses is only as specific as the rewrites it is matched by: 多久 (no
  // passage says it) weighs what its most specific rewrite weighs, not the idf of an unseen word.
  for (const k of keys.values()) {
    if (k.alts.length === 0 || index.df(k.word) > 0) continue;
    const seen = k.alts.filter((a) => index.df(a) > 0).map((a) => index.idf(a));
    if (seen.length > 0) k.idf = Math.min(k.idf, Math.max(...seen));
  }
  const asked = askingPart(question);
  const asks = answerTypeOf(asked);
  // A definition is worded 本法所称…是指…: those bigrams find it (jieba splits them into stop words).
  if (asks === 'define') for (const g of DEFINITION_GRAMS) add(chars, CHAR_PREFIX + g, 1);
  return {
    terms: [...terms.values()],
    charTerms: [...chars.values()],
    keys: [...keys.values()].filter((k) => !STOP_WORDS.has(k.word)),
    wantsNumber:
      asks === 'number' ||
      /多少|(?<![这那前好头])几|多久|多长|百分之|比例|how (many|much|long)|percent/i.test(askForm(asked)),
    asks,
    unit: askedUnit(normalizeSearch(asked)),
    text: normalizeSearch(question),
  };
}

const NUMERIC = /^\d+(\.\d+)?%?$/;
const numberPatterns = new Map<string, RegExp>();
function wholeNumber(n: string): RegExp {
  let re = numberPatterns.get(n);
  if (!re) {
    re = new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?![\\d.]*\\d)`);
    numberPatterns.set(n, re);
  }
  return re;
}

/** Does `text` (search form) contain the key word or one of its alternatives? 0..1 credit. */
export function keyMatch(k: KeyWord, text: string): number {
  // A number matches as a whole number: 1 is not in 16 or 2010.
  if (NUMERIC.test(k.word)) return wholeNumber(k.word).test(text) ? 1 : 0;
  if (text.includes(k.word)) return 1;
  for (const a of k.alts) if (text.includes(a)) return 0.9;
  if (k.word.length >= 3) {
    let hit = 0;
    for (let i = 0; i + 2 <= k.word.length; i++) if (text.includes(k.word.slice(i, i + 2))) hit++;
    return (0.6 * hit) / (k.word.length - 1);
  }
  return 0;
}

/** Share of the question's key-word weight (idf × weight) present in `text`. */
export function coverage(keys: KeyWord[], text: string): number {
  let total = 0;
  let got = 0;
  for (const k of keys) {
    const w = k.idf * k.weight;
    total += w;
    got += w * keyMatch(k, text);
  }
  return total > 0 ? got / total : 0;
}

/** Learned associates (cooc.ts) of a key word and of its lexicon alternatives. */
export function keyAssociates(k: KeyWord): [string, number][] {
  const out = associatesOf(k.word);
  if (k.alts.length === 0) return out;
  return [...out, ...k.alts.flatMap((a) => associatesOf(a))];
}

/**
 * Share of the key-word weight present in `text` directly or through a learned associate: a
 * passage that says 解除劳动合同 still meets a question about 辞退. `assocs` (per key, from
 * keyAssociates) can be computed once per query.
 */
export function softCoverage(
  keys: KeyWord[],
  text: string,
  assocs: [string, number][][] = keys.map(keyAssociates),
): number {
  let total = 0;
  let got = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as KeyWord;
    const w = k.idf * k.weight;
    total += w;
    let c = keyMatch(k, text);
    if (c < 0.9) for (const [a] of assocs[i] ?? []) if (text.includes(a)) c = Math.max(c, 0.9);
    got += w * c;
  }
  return total > 0 ? got / total : 0;
}

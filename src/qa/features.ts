import type { Bm25Index } from './index-bm25.js';
import { normalizeSearch } from './normalize.js';
import { numberTokens } from './numerals.js';
import { type BuiltQuery, coverage, type KeyWord, keyAssociates, keyMatch, softCoverage } from './query.js';
import { CHAR_PREFIX } from './segment.js';
import type { Passage } from './types.js';

/**
 * Candidate generation and the re-ranking features. Word BM25 and character-bigram BM25 each
 * propose candidates; every candidate gets both exact scores plus coverage, heading, document-name
 * and answer-type features. The weights that combine them are fitted (fit.ts → model/fitted.json).
 */

/*
 * Passage length is not a re-ranking feature: BM25's own length norm already weighs it, and as a
 * feature it only favoured short passages whatever the question (ablated by 5-fold CV on train in
 * round 5: answer accuracy 0.868 without it vs 0.863 with it; one knob fewer).
 */
export const FEATURES = [
  'word', // word BM25 / best word BM25 among candidates
  'char', // character-bigram BM25 / best among candidates
  'cov', // share of the question's key-word weight in the passage (with headings)
  'sent', // best single-sentence coverage (answer type required)
  'head', // key-word coverage of title + headings + locator alone
  'docNamed', // the question names this passage's document
  'otherDoc', // the question names another document, not this one
  'type', // the passage holds the kind of fact asked for (number, date, court, list)
  'rare', // the passage holds the question's most specific key word (highest idf in the corpus)
  'legal', // the question asks whether something is allowed and the passage rules on it (不得, 禁止, 无效)
  'genre', // the question speaks of "the document" (文件, 这份意见) and the passage is from a policy document, not a law article (−1 when it is an article)
  'assoc', // soft coverage beyond plain coverage: key-word weight the passage meets only through a learned associate (cooc.ts)
  'ask', // key-word coverage of the passage's expansion questions (expansions.ts: how people ask about it)
  'win', // best coverage of two consecutive sentences (with the passage's headings)
  'uni', // idf-weighted share of the question's content characters the passage holds (paraphrase keeps characters: 保费/保险费, 老年/养老)
  'annex', // the passage is in an attachment of a policy document (附件一, 附件二): a prior the fit weighs
] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface CorpusState {
  passages: Passage[];
  index: Bm25Index;
  /** Short document names (title without 中华人民共和国, file name without date) → doc. */
  docNames?: { name: string; doc: string }[];
  /** Passages holding each Chinese character (characterDf), for the `uni` feature. */
  charDf?: Int32Array;
}

export interface Candidate {
  id: number;
  passage: Passage;
  word: number;
  char: number;
  f: number[];
  /** Passage coverage and best-sentence coverage (also used by the answer and the gate). */
  coverage: number;
  sentence: number;
}

const POOL = 50;
const MAX_CHAR_TERMS = 24;
/** Features read at most this much of a passage (a few laws have passages of many pages). */
const MAX_FEATURE_CHARS = 3000;
const KEEP = 30;

const searchForm = new WeakMap<Passage, string>();
export function passageSearchText(p: Passage): string {
  let s = searchForm.get(p);
  if (s === undefined) {
    s = normalizeSearch(`${p.doc} ${p.title} ${p.heading} ${p.locator} ${p.text.slice(0, MAX_FEATURE_CHARS)}`);
    searchForm.set(p, s);
  }
  return s;
}

const asksForm = new WeakMap<Passage, string>();
function asksSearchText(p: Passage): string {
  let s = asksForm.get(p);
  if (s === undefined) {
    s = normalizeSearch(p.asks ?? '');
    asksForm.set(p, s);
  }
  return s;
}

const CJK_FIRST = 0x3400;
const CJK_LAST = 0x9fff;

/**
 * How many passages hold each Chinese character (index = code − U+3400): one pass over the texts,
 * counting a character once per passage. About 0.1 s for the 150k passages of laws-full.
 */
export function characterDf(passages: Passage[]): Int32Array {
  const df = new Int32Array(CJK_LAST - CJK_FIRST + 1);
  const seen = new Int32Array(df.length).fill(-1);
  passages.forEach((p, i) => {
    const t = p.text;
    for (let j = 0; j < t.length; j++) {
      const c = t.charCodeAt(j) - CJK_FIRST;
      if (c < 0 || c >= df.length || seen[c] === i) continue;
      seen[c] = i;
      df[c] = (df[c] as number) + 1;
    }
  });
  return df;
}

/** Characters of a key word with their idf (characters the corpus never has are dropped). */
type CharWeights = [string, number][];
type QuestionChars = { key: KeyWord; weight: number; chars: CharWeights }[];

/**
 * Per key word, the characters of its own spelling, idf-weighted: a paraphrase keeps characters
 * of the words it replaces (保费 of 保险费, 老年 of 养老).
 */
function questionChars(state: CorpusState, q: BuiltQuery): QuestionChars {
  state.charDf ??= characterDf(state.passages);
  const df = state.charDf;
  const n = state.passages.length;
  const spell = (w: string): CharWeights => {
    const out: CharWeights = [];
    for (const ch of new Set(w)) {
      const d = df[ch.charCodeAt(0) - CJK_FIRST] ?? 0;
      if (d > 0) out.push([ch, Math.log(n / d)]);
    }
    return out;
  };
  return q.keys
    .map((k) => ({ key: k, weight: k.weight * k.idf, chars: spell(k.word) }))
    .filter((k) => k.chars.length > 0 && k.weight > 0);
}

/**
 * Key-word-weighted coverage where a key word the text lacks, under its own spelling and every
 * rewrite, still earns the idf-weighted share of its characters the text holds.
 */
function charCoverage(keys: QuestionChars, text: string): number {
  // One pass over the text for the characters of the key words it lacks (not one search each).
  const missing = keys.filter((k) => keyMatch(k.key, text) < 0.9);
  const want = new Set<string>();
  for (const k of missing) for (const [ch] of k.chars) want.add(ch);
  const found = new Set<string>();
  if (want.size > 0)
    for (const ch of text) {
      if (want.has(ch)) {
        found.add(ch);
        if (found.size === want.size) break;
      }
    }
  let total = 0;
  let got = 0;
  for (const k of keys) {
    total += k.weight;
    if (!missing.includes(k)) {
      got += k.weight;
      continue;
    }
    let t = 0;
    let g = 0;
    for (const [ch, w] of k.chars) {
      t += w;
      if (found.has(ch)) g += w;
    }
    got += (k.weight * g) / t;
  }
  return total > 0 ? got / total : 0;
}

/** Short names of every document, longest first. */
export function documentNames(passages: Passage[]): { name: string; doc: string }[] {
  const seen = new Map<string, string>();
  for (const p of passages) {
    if (seen.has(p.doc)) continue;
    seen.set(p.doc, p.doc);
  }
  const out: { name: string; doc: string }[] = [];
  const titles = new Map<string, string>();
  for (const p of passages) if (!titles.has(p.doc)) titles.set(p.doc, p.title);
  for (const [doc, title] of titles) {
    const names = new Set<string>();
    names.add(normalizeSearch(doc.replace(/[(（][^)）]*[)）]\s*$/, '')));
    names.add(normalizeSearch(title.replace(/^中华人民共和国/, '')));
    for (const n of names) if (n.length >= 3) out.push({ name: n, doc });
  }
  return out.sort((a, b) => b.name.length - a.name.length);
}

/** 法 that begins another word (劳动法律监督, 法院, 法人) does not end a law's name. */
const NOT_A_NAME_END = /^[律院人官典]/;

/** Does the text name the document `name` (劳动法 in 劳动法第四十四条, not in 劳动法律监督)? */
export function namesDocument(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    if (!name.endsWith('法') || !NOT_A_NAME_END.test(text.slice(i + name.length))) return true;
  }
  return false;
}

/** The document names a text names, longest first (a name inside a longer named one does not count). */
export function namedDocNames(state: CorpusState, text: string): { name: string; doc: string }[] {
  const hit: { name: string; doc: string }[] = [];
  for (const n of state.docNames ?? []) {
    if (!namesDocument(text, n.name)) continue;
    if (hit.some((h) => h.name.includes(n.name) && h.name !== n.name)) continue;
    hit.push(n);
  }
  return hit;
}

const namedCache = new WeakMap<BuiltQuery, Set<string>>();

/** Documents the question names (computed once per built query). */
export function namedDocs(state: CorpusState, q: BuiltQuery): Set<string> {
  let out = namedCache.get(q);
  if (!out) {
    out = new Set(namedDocNames(state, q.text).map((n) => n.doc));
    namedCache.set(q, out);
  }
  return out;
}

/**
 * The words of a named document's name are a filter, not the topic: "劳动法对试用期怎么规定" asks
 * about 试用期 in 劳动法, so 劳动法 is no key word (docNamed carries it). A word the question also
 * uses outside the name stays (职业病防治法怎么定义职业病 keeps 职业病).
 */
export function dropDocumentNameKeys(state: CorpusState, q: BuiltQuery): BuiltQuery {
  const names = namedDocNames(state, q.text);
  const docs = new Set(names.map((n) => n.doc));
  namedCache.set(q, docs);
  if (names.length === 0) return q;
  let rest = q.text;
  for (const n of names) rest = rest.split(n.name).join(' ');
  const keys = q.keys.filter((k) => !names.some((n) => n.name.includes(k.word)) || rest.includes(k.word));
  if (keys.length === 0) return q;
  const out = { ...q, keys };
  namedCache.set(out, docs);
  return out;
}

/** A date, or a time fixed by an event (自用工之日起, 次日, 最近的工作日). */
// (?<!…): a run of numerals is tried from its first only (linear on long runs; bench/redos.ts).
const DATE =
  /(19|20)\d\d年|\d{1,2}月\d{1,2}日|(?<![一二三四五六七八九十])[一二三四五六七八九十]+月|(?<!\d)\d{1,2}月(?!\d{1,2}日)|第[一二三四五\d]周|月份|施行|之日|次日|当日|工作日|届满|期满|日前|之前|以前|提前/;
const LIST = /[(（][一二三四五六七八九十]+[)）]|^\d+[、.]|、.+、|、[^、。；]{1,24}(或者|以及|和|及)/m;
const DEFINITION = /所称|是指|指的是/;
/** Where something is done: a place, a seat or the office one goes to. */
const PLACE = /所在地|居住地|住所地|户籍|地点|工作地|统筹地区|设在|设于|位于/;
const ENUMERATED = /[(（][一二三四五六七八九十]+[)）]|^\d+[、.]|下列/m;

/** Does the text hold the kind of fact asked for? 1 = yes, 0 = no. */
export function hasAnswerType(q: BuiltQuery, text: string): number {
  switch (q.asks) {
    case 'number':
      if (q.unit) return q.unit.test(text) ? 1 : 0;
      return numberTokens(text).length > 0 ? 1 : 0;
    case 'date':
      return DATE.test(text) ? 1 : 0;
    case 'place':
      return PLACE.test(text) ? 1 : 0;
    case 'court':
      return /法院/.test(text) ? 1 : 0;
    case 'list':
      // Enumerated items or a 下列 lead-in state a list; an inline 、 series may only mention one.
      return ENUMERATED.test(text) ? 1 : LIST.test(text) ? 0.5 : 0;
    case 'define':
      // Best: the passage defines one of the question's words (所称职业病 / 职业病，是指).
      for (const k of q.keys)
        if (
          k.word.length >= 2 &&
          (text.includes(`所称${k.word}`) || text.includes(`${k.word}是指`) || text.includes(`${k.word},是指`))
        )
          return 1;
      return DEFINITION.test(text) ? 0.5 : 0;
    default:
      return 1;
  }
}

/** Sentences of a passage (lines split at 。！？；). */
export function sentenceList(text: string): string[] {
  return text.split(/(?<=[。！？!?；;])|\n/).filter((x) => x.trim() !== '');
}

const sentenceForms = new WeakMap<Passage, string[]>();
/** The passage's sentences in search form (first MAX_FEATURE_CHARS), computed once per passage. */
export function passageSentences(p: Passage): string[] {
  let ss = sentenceForms.get(p);
  if (ss === undefined) {
    ss = sentenceList(p.text.slice(0, MAX_FEATURE_CHARS)).map(normalizeSearch);
    sentenceForms.set(p, ss);
  }
  return ss;
}

/** Best sentence coverage; for number/date questions the sentence must hold that fact. */
export function bestSentenceCoverage(q: BuiltQuery, p: Passage): number {
  const context = normalizeSearch(`${p.doc} ${p.title} ${p.heading} ${p.locator}`);
  let best = 0;
  for (const ns of passageSentences(p)) {
    let c = coverage(q.keys, `${context} ${ns}`);
    if ((q.asks === 'number' || q.asks === 'date') && hasAnswerType(q, ns) === 0) c *= 0.7;
    if (c > best) best = c;
  }
  return best;
}

/** Best coverage of two consecutive sentences: a rule stated across a sentence break. */
export function bestWindowCoverage(q: BuiltQuery, p: Passage): number {
  const context = normalizeSearch(`${p.doc} ${p.title} ${p.heading} ${p.locator}`);
  const ss = passageSentences(p);
  let best = 0;
  for (let i = 0; i < ss.length; i++) {
    const c = coverage(q.keys, `${context} ${ss[i]} ${ss[i + 1] ?? ''}`);
    if (c > best) best = c;
  }
  return best;
}

/** idf of a Chinese string by its rarest character bigram; 0 when some bigram never occurs. */
function stringIdf(state: CorpusState, word: string): number {
  if (!/^[\u3400-\u9fff]{2,4}$/.test(word)) return 0;
  let idf = 0;
  for (let i = 0; i + 2 <= word.length; i++) {
    const g = CHAR_PREFIX + word.slice(i, i + 2);
    if (state.index.df(g) === 0) return 0;
    idf = Math.max(idf, state.index.idf(g));
  }
  return idf;
}

/** The question's most specific key word that the corpus knows (highest idf with df > 0). */
export function rarestKey(state: CorpusState, q: BuiltQuery): KeyWord | null {
  let best: KeyWord | null = null;
  let bestIdf = 0;
  for (const k of q.keys) {
    if (k.weight < 1 || k.word.length < 2 || /^\d/.test(k.word)) continue;
    // A colloquial word the corpus never uses counts through its rewrite, and is as specific as
    // the rewrite (失业金 like 失业保险金, 外地工作 like 跨统筹地区就业).
    let idf = k.idf;
    if (state.index.df(k.word) === 0) {
      idf = 0;
      for (const a of k.alts) if (a !== k.word && state.index.df(a) > 0) idf = Math.max(idf, state.index.idf(a));
      // A name jieba never keeps whole (张士东) is in the text when all its character bigrams are.
      if (idf === 0 && k.alts.length === 0) idf = stringIdf(state, k.word);
      if (idf === 0) continue;
    }
    if (!best || idf > bestIdf) {
      best = k;
      bestIdf = idf;
    }
  }
  return best;
}

/** "Is this allowed?" questions (合法吗, 行吗, 能不能) and the wording of a ruling on it. */
const ASKS_LEGALITY =
  /合法|违法|合理吗|合规|行吗|行不行|可以吗|能不能|对吗|允许|算数|有效吗|can (an?|my|the)? ?\w+ (be|ask|make|require|refuse)|is it legal|allowed/i;

/** "The document says…" questions (文件, 这份意见, 通知里) ask about a policy document, not a statute. */
const ASKS_DOCUMENT =
  /文件|这份意见|该意见|意见里|意见中|通知里|通知中|方案里|方案中|the (document|opinion|notice|plan)\b/i;
const ARTICLE = /^第[一二三四五六七八九十百千零〇\d]+条/;

/** An attachment of a policy document (附件一 名单, 附件二 工作要点). */
const ANNEX = /^附件/;

/** Candidates from both indexes with all features, in no particular order. */
export function candidates(state: CorpusState, q: BuiltQuery): Candidate[] {
  const ids = new Set<number>();
  for (const h of state.index.search(q.terms, POOL)) ids.add(h.passage);
  // The rarest character bigrams only: common ones add little and cost the most postings.
  const charTerms = [...q.charTerms]
    .sort((a, b) => state.index.df(a.term) - state.index.df(b.term))
    .slice(0, MAX_CHAR_TERMS);
  for (const h of state.index.search(charTerms, POOL)) ids.add(h.passage);
  const list = [...ids];
  if (list.length === 0) return [];
  const word = state.index.scoreDocs(q.terms, list);
  const char = state.index.scoreDocs(charTerms, list);
  const maxW = Math.max(1e-9, ...word);
  const maxC = Math.max(1e-9, ...char);
  const named = namedDocs(state, q);
  const rare = rarestKey(state, q);
  const asksLegality = ASKS_LEGALITY.test(q.text);
  const asksDocument = ASKS_DOCUMENT.test(q.text);
  const assocs = q.keys.map(keyAssociates);
  const uni = questionChars(state, q);
  const pre = list.map((id, j) => {
    const p = state.passages[id] as Passage;
    const cov = coverage(q.keys, passageSearchText(p));
    const w = (word[j] as number) / maxW;
    const c = (char[j] as number) / maxC;
    return { id, p, w, c, cov, rough: w + c + 1.5 * cov + (named.has(p.doc) ? 0.5 : 0) };
  });
  pre.sort((a, b) => b.rough - a.rough);
  return pre.slice(0, KEEP).map((x) => {
    const p = x.p;
    const sent = bestSentenceCoverage(q, p);
    const head = coverage(q.keys, normalizeSearch(`${p.doc} ${p.title} ${p.heading} ${p.locator}`));
    const f = [
      x.w,
      x.c,
      x.cov,
      sent,
      head,
      named.has(p.doc) ? 1 : 0,
      named.size > 0 && !named.has(p.doc) ? 1 : 0,
      hasAnswerType(q, normalizeSearch(p.text.slice(0, MAX_FEATURE_CHARS))),
      rare ? keyMatch(rare, passageSearchText(p)) : 0,
      asksLegality && /不得|禁止|无效/.test(p.text.slice(0, MAX_FEATURE_CHARS)) ? 1 : 0,
      asksDocument ? (ARTICLE.test(p.locator) ? -1 : 1) : 0,
      softCoverage(q.keys, passageSearchText(p), assocs) - x.cov,
      p.asks ? coverage(q.keys, asksSearchText(p)) : 0,
      bestWindowCoverage(q, p),
      charCoverage(uni, passageSearchText(p)),
      ANNEX.test(p.locator) ? 1 : 0,
    ];
    return {
      id: x.id,
      passage: p,
      word: word[list.indexOf(x.id)] as number,
      char: char[list.indexOf(x.id)] as number,
      f,
      coverage: x.cov,
      sentence: sent,
    };
  });
}

export { GATE_FEATURES, gateFeatures } from './gate.js';

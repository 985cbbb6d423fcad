import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EN_STOP_WORDS } from './stopwords.js';
import { LEXICON_DIR, lexiconFiles } from './synonyms.js';

/**
 * Offline English → Chinese mapping of the domain's terms (the bilingual glossary
 * src/qa/lexicon/english*.json, merged), so English questions retrieve from the Chinese corpus.
 * Longer phrases are matched first and consume their words.
 */
let terms: ReadonlyArray<readonly [string, string]> | null = null;

export function glossary(): ReadonlyArray<readonly [string, string]> {
  if (!terms) {
    // One phrase in several files: its Chinese terms are merged.
    const m = new Map<string, Set<string>>();
    for (const f of lexiconFiles('english'))
      for (const e of (JSON.parse(readFileSync(f, 'utf8')) as { entries: { en: string; zh: string[] }[] }).entries) {
        const en = englishForm(e.en).trim();
        if (en === '') continue;
        const set = m.get(en) ?? new Set<string>();
        for (const z of e.zh) set.add(z);
        m.set(en, set);
      }
    terms = [...m.entries()]
      .map(([en, zh]) => [en, [...zh].join(' ')] as const)
      .sort((a, b) => b[0].length - a[0].length);
  }
  return terms;
}

/**
 * Glossary phrases and questions are matched in one form: lower case, anything but letters, digits,
 * CJK, %, . and - made a space, runs of spaces one (so "workers' congress" meets "workers congress"),
 * articles dropped and plain plurals made singular.
 */
export function englishForm(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9\u3400-\u9fff%.\s-]/g, ' ')
      // learning-organization, above-designated-size: a hyphen between words joins them as a space would.
      .replace(/(?<=[a-z])-(?=[a-z])/g, ' ')
      .replace(/\s+/g, ' ')
      .split(' ')
      .filter((w) => !ARTICLES.has(w))
      .map(singular)
      .join(' ')
  );
}

/** Articles carry no term: "the Law on the Prevention…" meets "law on prevention…". */
const ARTICLES = new Set(['the', 'a', 'an']);

/** A plain plural to its singular (diseases → disease, subsidies → subsidy; class, status, basis stay). */
export function singular(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|ous)$/.test(w)) return w.slice(0, -1);
  return w;
}

let zhTerms: Set<string> | null = null;
/** Every Chinese term the glossary and the English place names produce. */
function glossaryTerms(): Set<string> {
  if (!zhTerms) {
    zhTerms = new Set(glossary().flatMap(([, zh]) => zh.split(' ')));
    for (const [, zh] of englishPlaces()) zhTerms.add(zh);
  }
  return zhTerms;
}

let byFirstWord: Map<string, number[]> | null = null;
/**
 * The glossary entries (in glossary order: longest first) that can match a text in englishForm: those
 * whose first word begins some word of the text (an entry matches at a word start, plurals too).
 */
function candidateTerms(form: string): ReadonlyArray<readonly [string, string]> {
  const g = glossary();
  if (!byFirstWord) {
    byFirstWord = new Map();
    g.forEach(([en], i) => {
      const first = en.split(' ')[0] as string;
      const list = byFirstWord?.get(first) ?? [];
      list.push(i);
      byFirstWord?.set(first, list);
    });
  }
  const ids = new Set<number>();
  // Whole space-separated words (11th, 13th) and their letter runs (th of 5th: a word start as well).
  for (const w of new Set([...(form.match(/\S+/g) ?? []), ...(form.match(/[a-z]+/g) ?? [])])) {
    for (let n = 1; n <= w.length; n++) for (const i of byFirstWord.get(w.slice(0, n)) ?? []) ids.add(i);
  }
  return [...ids].sort((a, b) => a - b).map((i) => g[i] as readonly [string, string]);
}

const LATIN = /[a-z]/gi;
const CJK = /[\u3400-\u9fff]/g;

/** A question is English when Latin letters clearly dominate Chinese characters. */
export function isEnglish(question: string): boolean {
  const latin = question.match(LATIN)?.length ?? 0;
  const cjk = question.match(CJK)?.length ?? 0;
  return latin >= 8 && latin > cjk * 3;
}

const res = new Map<string, RegExp>();
/** A glossary term at word starts (so "union" does not match inside "reunion"; plurals still match). */
function wordRe(en: string): RegExp {
  let re = res.get(en);
  if (!re) {
    re = new RegExp(`(?<![a-z])${en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
    res.set(en, re);
  }
  re.lastIndex = 0;
  return re;
}
function matches(s: string, en: string): boolean {
  return wordRe(en).test(s);
}

let placeTerms: ReadonlyArray<readonly [string, string, RegExp]> | null = null;
/** English (pinyin) place names → Chinese (places.json `english`), longest first, each with its whole-word pattern. */
export function englishPlaces(): ReadonlyArray<readonly [string, string, RegExp]> {
  if (!placeTerms) {
    const f = JSON.parse(readFileSync(path.join(LEXICON_DIR, 'places.json'), 'utf8')) as {
      english?: Record<string, string>;
    };
    placeTerms = Object.entries(f.english ?? {})
      .map(([en, zh]) => {
        const form = englishForm(en).trim();
        const re = new RegExp(`(?<![a-z])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`);
        return [form, zh, re] as const;
      })
      .sort((a, b) => b[0].length - a[0].length);
  }
  return placeTerms;
}

const NUMBER_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  hundred: 100,
};
/** "One" is a number only before a unit ("one month", not "one of the…"). */
const ONE_BEFORE_UNIT = /\bone (?=(year|month|week|day|hour|time|percent|person|worker|member)\b)/;

/** English number words as digits ("five years" → 5), which meet 五年 and 5年 alike (numerals.ts). */
export function numberWords(form: string): string[] {
  const out = [...form.matchAll(/\b[a-z]+\b/g)].flatMap((m) => {
    const n = NUMBER_WORDS[m[0]];
    return n === undefined ? [] : [String(n)];
  });
  if (ONE_BEFORE_UNIT.test(form)) out.unshift('1');
  return out;
}

const GRADE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * Everyday English that names no topic (verbs of having and doing, pronouns, quantifiers, time and
 * degree words): left out when judging how much of a question the glossary reads.
 */
const GENERAL_ENGLISH = new Set(
  (
    'also again already always another anyone anything around away back bad based because before behind below ' +
    'best better big both but call called came come comes could day days did doe does doing done each either else ' +
    'even ever every everyone everything few find first follow gave get gets getting go goe going gone good got ' +
    'great half happen happens help her here hers herself him himself his home hold how however instead into its ' +
    'just keep kind know last least less let like little lot made make many maybe mean might mine more most much ' +
    'myself need needs never new next nothing now off often old once one only other others ours ourself over ' +
    'part people place plan please put quite rather real really right same say says see seem should since so ' +
    'some someone something sort soon start still such sure take takes taking tell than thank that their them ' +
    'themselves then there these they thing things think this those though through thus today too toward try ' +
    'under until upon use used using usually very want wants way ways well went while whole whose why will with ' +
    'within without would yet yourself'
  ).split(/\s+/),
);

/**
 * The share of an English question's topic words (neither stop words nor everyday English) that the
 * glossary reads: low for a question about something else entirely ("cold brew coffee at home"),
 * null for a Chinese question or one with no topic word.
 */
export function englishTopicShare(text: string): number | null {
  const latin = text.replace(/[\u3400-\u9fff]+/g, ' ');
  if ((latin.match(LATIN) ?? []).length < 8) return null;
  // Chinese the asker wrote (年假能休几天 ignore previous instructions…), not the glossary's own
  // terms added for an English question: the question is not only English.
  const own = (text.match(/[\u3400-\u9fff]+/g) ?? []).some(
    (run) => !glossaryTerms().has(run) && !/^[一二三四五六七八九十]级$/.test(run),
  );
  if (own) return null;
  const form = ` ${englishForm(latin)} `;
  const unread = readGlossary(form.replace(anyPlace(), ' ')).rest;
  const topic = (x: string): string[] =>
    x.split(' ').filter((w) => /^[a-z]{3,}$/.test(w) && !EN_STOP_WORDS.has(w) && !GENERAL_ENGLISH.has(w));
  const all = topic(form).length;
  return all === 0 ? null : 1 - topic(unread).length / all;
}

let placePattern: RegExp | null = null;
/** Every English place name as a whole word, in one pattern (longest first). */
function anyPlace(): RegExp {
  placePattern ??= new RegExp(
    englishPlaces()
      .map(([, , re]) => re.source)
      .join('|') || '(?!)',
    'g',
  );
  return placePattern;
}

/**
 * The glossary read over an English text (in englishForm), longest phrase first, each phrase consuming
 * its words: the Chinese terms of each phrase found, and the text left unread.
 */
function readGlossary(form: string): { found: string[]; rest: string } {
  let rest = form;
  const found: string[] = [];
  for (const [en, zh] of candidateTerms(form)) {
    if (matches(rest, en)) {
      found.push(zh);
      rest = rest.replace(wordRe(en), ' ');
    }
  }
  return { found, rest };
}

/** Chinese query text for an English question (Chinese characters in it are kept). */
export function englishToChinese(question: string): string {
  const s = ` ${englishForm(question)} `;
  const found: string[] = [];
  // Places, as whole words, are named too; the glossary still reads them ("Wuxi campaign").
  for (const [, zh, re] of englishPlaces()) if (re.test(s)) found.push(zh);
  // Level 1 / grade-3 / 5th grade (伤残等级, 一级至十级): the Chinese ordinal grade.
  for (const m of s.matchAll(
    /\b(?:level|grade|class)[\s-]*(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)?[\s-]*(?:level|grade|class)\b/g,
  )) {
    const n = Number(m[1] ?? m[2]);
    if (n >= 1 && n <= 10) found.push(`${GRADE_NUMERALS[n - 1]}级`);
  }
  found.push(...readGlossary(s).found);
  const cjk = question.match(/[\u3400-\u9fff]+/g) ?? [];
  const nums = question.match(/\d+(?:\.\d+)?%?/g) ?? [];
  return [...cjk, ...found, ...nums, ...numberWords(englishForm(question))].join(' ');
}

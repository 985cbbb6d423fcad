/**
 * Whose numbers a sentence gives: a sentence about others (农民工培训，共培训65人) rules a field about
 * workers out, a headcount (公司有外来务工人员820人) sets no subject, and a sentence opening with 其中
 * breaks down the one before it.
 */
import type { ReportLexicon } from './definitions/lexicon.js';
import type { Quantity, ReadClause } from './read.js';

const ESC = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hasAny = (s: string, words: string[]) => words.some((w) => s.includes(w));

const lastOf = (s: string, words: string[]) => Math.max(-1, ...words.map((w) => s.lastIndexOf(w)));

/**
 * How far (in clauses) a quantity looks back and on in its sentence for its subject. A run-on text
 * without full stops is one sentence: unbounded, every quantity walked all of it (4,000 characters of
 * 新建班组3个，培训两场… took 3 s; bench/redos.ts `extract prose`). Real sentences are far shorter.
 */
const SUBJECT_WINDOW = 16;

const headcountRes = new Map<string, RegExp>();
/** The others are only counted here (公司有外来务工人员820人), not the subject of an activity. */
function headcountOf(t: string, words: string[], lex: ReportLexicon): boolean {
  const key = `${lex.headcount.join('|')}\u0000${words.join('|')}`;
  let re = headcountRes.get(key);
  if (!re) {
    re = new RegExp(`(?:${lex.headcount.map(ESC).join('|')})[^，、]{0,4}(?:${words.map(ESC).join('|')})`);
    headcountRes.set(key, re);
  }
  return re.test(t) && !hasAny(t, TRAIN_HINT);
}
const TRAIN_HINT = ['培训', '参训', '受训', '开展', '举办', '组织'];

/**
 * The sentence is about others (its latest subject before this clause is 农民工, not 职工), and this
 * clause does not name the field's own subject. Breakdowns (in brackets, after 其中/含) set no subject.
 */
export function aboutOthers(
  o: { words: string[]; unless: string[] },
  q: Quantity,
  clauses: ReadClause[],
  lex: ReportLexicon,
) {
  const here = clauses[q.clause]!;
  if (hasAny(here.text, o.unless)) return false;
  // A later 其中农民工160人 breaks the others out of this total: the total is everyone's.
  const last = Math.min(clauses.length, q.clause + SUBJECT_WINDOW);
  for (let k = q.clause; k < last && clauses[k]!.sentence === here.sentence; k++) {
    const t = clauses[k]!.text;
    const at = Math.min(...lex.parts.map((p) => (t.includes(p) ? t.indexOf(p) : t.length)));
    if ((k > q.clause || at > q.start) && hasAny(t.slice(at), o.words)) return false;
  }
  const first = Math.max(0, q.clause - SUBJECT_WINDOW);
  for (let k = q.clause - 1; k >= first && clauses[k]!.sentence === here.sentence; k--) {
    let t = clauses[k]!.text.replace(/[（(][^）)]*[）)]?/g, '');
    const cut = Math.min(...lex.parts.map((p) => (t.includes(p) ? t.indexOf(p) : t.length)));
    t = t.slice(0, cut);
    if (headcountOf(t, o.words, lex)) continue;
    const others = lastOf(t, o.words);
    const own = lastOf(t, o.unless);
    if (others >= 0 || own >= 0) return others > own;
  }
  return false;
}

/** A sentence opening with 其中 (…240人次；其中外来务工人员60人) breaks down the sentence before it. */
export function partOfPrevious(group: string[], q: Quantity, clauses: ReadClause[], lex: ReportLexicon): boolean {
  const here = clauses[q.clause]!;
  let k = q.clause;
  while (k > 0 && clauses[k - 1]!.sentence === here.sentence) k--;
  if (!lex.parts.some((p) => clauses[k]!.text.startsWith(p))) return false;
  const prev = clauses[k - 1]?.sentence;
  return clauses.some((c) => c.sentence === prev && hasAny(c.text, group));
}

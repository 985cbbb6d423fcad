/**
 * Placing a paragraph's quantities in numeric fields, precision first: a quantity fills a field only
 * when its measure word fits, every cue group of the field is named near it, no period/plan/change
 * word rules it out, and no other field (or other quantity) competes. Everything else is left to be
 * asked, and the numbers that had a home but no clear one are reported as unsure.
 * The weights are fitted by cross-validation (`npm run cli -- eval-form FILE --fit`) into fill-weights.json.
 */
import { REPORT_LEXICON, type ReportLexicon } from './definitions/lexicon.js';
import { type Claim, differentKinds, distributed, kindOf, listSum } from './lists.js';
import type { Quantity, ReadClause } from './read.js';
import { aboutOthers, partOfPrevious } from './subjects.js';
import type { ExtractRule, FieldDef } from './types.js';

export interface FillWeights {
  /** A cue between the previous number and this one (培训 in “培训3场”). */
  lead: number;
  /** A cue right after the number, before the next one (参赛 in “32名选手参赛”). */
  tail: number;
  /** A cue elsewhere in the clause. */
  clause: number;
  /** A cue in an earlier clause of the same sentence (练兵 for “参与的职工有260人”)… */
  topic: number;
  /** …times this for every further clause back. */
  decay: number;
  /** Closeness: near / (1 + characters between cue and number). */
  near: number;
  /** The field's own measure word (人次 for 培训人次). */
  unit: number;
  /** The field's label or an alias written out (培训人次480). */
  named: number;
  /** The best field must beat the runner-up by at least this much. */
  margin: number;
}

export interface Placement {
  values: Record<string, number>;
  /** Numbers that fit some field but could not be placed with confidence (“‘20’ 我没能确定是哪一项”). */
  unsure: string[];
}

interface Cand {
  f: FieldDef;
  s: number;
  /** Cue words found right around the number (its lead or tail), not only elsewhere. */
  own: string[];
  /** Some cue group is named only in an earlier clause (the sentence's topic), none in this one. */
  inherited: boolean;
  /** The value it gives the field (the number, or the number × the kinds before 各). */
  v: number;
  /** The kind of the field's thing the number's own lead names (技师, 高级技师), for lists. */
  kind: string;
}

const ESC = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hasAny = (s: string, words: string[]) => words.some((w) => s.includes(w));

const adjacentCache = new WeakMap<FieldDef, RegExp>();
/** A cue of the field right before the number, so a bare number (培训人次480, 新建1) belongs to it. */
function adjacent(f: FieldDef, rule: ExtractRule, lead: string, lex: ReportLexicon): boolean {
  let re = adjacentCache.get(f);
  if (!re) {
    const words = [f.label.zh, ...(f.aliases ?? []), ...rule.all.flat()].map(ESC).join('|');
    re = new RegExp(`(?:${words})[${lex.filler}]{0,8}[${lex.lead}]*$`);
    adjacentCache.set(f, re);
  }
  return re.test(lead) || countNounRe(lex).test(lead);
}

let perItemRe: { lex: ReportLexicon; re: RegExp } | null = null;
function perItem(lex: ReportLexicon): RegExp {
  // 各举办培训1场 is per item too; 各类培训讲座12场 (all kinds of) is not.
  if (perItemRe?.lex !== lex)
    perItemRe = {
      lex,
      re: new RegExp(`(?:${lex.perItem.map(ESC).join('|')})(?!类|种|项|级|界|地|式|方面)[^，、]{0,6}$`),
    };
  return perItemRe.re;
}

let countNouns: { lex: ReportLexicon; re: RegExp } | null = null;
function countNounRe(lex: ReportLexicon): RegExp {
  if (countNouns?.lex !== lex)
    countNouns = { lex, re: new RegExp(`(?:${lex.countNouns.map(ESC).join('|')})[${lex.lead}]*$`) };
  return countNouns.re;
}

let peopleNouns: { lex: ReportLexicon; re: RegExp } | null = null;
function peopleNounRe(lex: ReportLexicon): RegExp {
  if (peopleNouns?.lex !== lex)
    peopleNouns = { lex, re: new RegExp(`(?:${lex.peopleNouns.map(ESC).join('|')})[${lex.lead}]*$`) };
  return peopleNouns.re;
}

function unitFits(f: FieldDef, rule: ExtractRule, q: Quantity, lex: ReportLexicon): boolean {
  const bare = q.unit === null && !q.percent;
  if (f.type === 'percent') return q.percent || (bare && !q.chinese ? adjacent(f, rule, q.lead, lex) : false);
  if (q.percent || !Number.isInteger(q.value)) return false;
  // 参加的有一千二: a bare number after a word for taking part counts people, not events.
  if (q.unit === null && peopleNounRe(lex).test(q.lead) && !(rule.units ?? []).includes('人')) return false;
  if (q.unit === null) return adjacent(f, rule, q.lead, lex);
  return (rule.units ?? []).includes(q.unit);
}

/** How strongly one cue group names this quantity; null when it is not named at all. */
function groupScore(
  group: string[],
  q: Quantity,
  clauses: ReadClause[],
  w: FillWeights,
  lex: ReportLexicon,
): [number, string[], boolean] | null {
  let best: number | null = null;
  const own: string[] = [];
  for (const word of group) {
    const li = q.lead.lastIndexOf(word);
    if (li >= 0) {
      best = Math.max(best ?? -1, w.lead + w.near / (1 + q.lead.length - li - word.length));
      own.push(word);
    }
    const ti = q.tail.indexOf(word);
    if (ti >= 0) {
      best = Math.max(best ?? -1, w.tail + w.near / (1 + ti));
      own.push(word);
    }
  }
  if (best !== null) return [best, own, false];
  const here = clauses[q.clause]!;
  // After the number, only up to the next one and not into a breakdown (…九十人次其中外来务工人员二十人):
  // cues further on lead the later numbers.
  const cut = Math.min(
    q.rest.length,
    ...lex.parts.map((p) => (q.rest.includes(p) ? q.rest.indexOf(p) : q.rest.length)),
  );
  const seen = here.text.slice(0, q.end + cut);
  let dist = Number.POSITIVE_INFINITY;
  for (const word of group)
    for (let i = seen.indexOf(word); i >= 0; i = seen.indexOf(word, i + 1))
      dist = Math.min(dist, i < q.start ? q.start - i - word.length : i - q.end);
  if (dist < Number.POSITIVE_INFINITY) return [w.clause + w.near / (2 + Math.max(0, dist)), [], false];
  // A bounded look back: the topic's weight decays per clause, and a run-on text without full stops
  // is one long sentence (unbounded, every quantity walked all of it; bench/redos.ts `extract prose`).
  for (let k = 1; q.clause - k >= 0 && k <= TOPIC_WINDOW; k++) {
    const c = clauses[q.clause - k]!;
    if (c.sentence !== here.sentence) break;
    if (hasAny(c.text, group)) return [w.topic * w.decay ** (k - 1), [], true];
  }
  return null;
}

const TOPIC_WINDOW = 16;

/** Each clause's sentence's first clause, computed once per paragraph (not walked back per quantity). */
const sentenceStarts = new WeakMap<ReadClause[], number[]>();
function sentenceStart(clauses: ReadClause[], i: number): number {
  let starts = sentenceStarts.get(clauses);
  if (!starts) {
    starts = [];
    for (let k = 0; k < clauses.length; k++)
      starts.push(k > 0 && clauses[k - 1]!.sentence === clauses[k]!.sentence ? starts[k - 1]! : k);
    sentenceStarts.set(clauses, starts);
  }
  return starts[i]!;
}

/** A sentence's heading before a colon (全年累计：…, 下月计划：…) scopes every clause of it. */
function heading(q: Quantity, clauses: ReadClause[]): string {
  const k = sentenceStart(clauses, q.clause);
  const first = clauses[k]!.text;
  const colon = first.search(/[：:]/);
  return colon >= 0 && (k < q.clause || colon < q.start) ? first.slice(0, colon) : '';
}

function score(f: FieldDef, q: Quantity, clauses: ReadClause[], w: FillWeights, lex: ReportLexicon): Cand | null {
  const rule = f.extract;
  if (!rule || (f.type !== 'integer' && f.type !== 'percent')) return null;
  if (!unitFits(f, rule, q, lex)) return null;
  if (rule.exclude && hasAny(q.lead + q.after, rule.exclude)) return null;
  if (rule.aboutOthers && aboutOthers(rule.aboutOthers, q, clauses, lex)) return null;
  const scope = heading(q, clauses) + q.prefix;
  if (!rule.yearly && hasAny(scope, lex.otherPeriod)) return null;
  if ((!rule.plan && hasAny(scope + q.after, lex.notDone)) || hasAny(q.lead, lex.deltas)) return null;
  // 各举办一场, 每场30人, 人均8课时: per item, not the month's count — unless the items are kinds of
  // the field listed right before 各 (技术比武和技能竞赛各一项 → 2).
  // 两个车间各举办…, 3个班组分别…: the number of those doing it, not of what they did.
  if (/^[^，、]*?(?:各(?!类|种|项|级|界|地|式|方面)|分别)/.test(q.rest)) return null;
  let v = q.value;
  if (perItem(lex).test(q.lead)) {
    const k = distributed(q.lead, rule.all[0] ?? []);
    if (k === null) return null;
    v = q.value * k;
  }
  if (f.type === 'percent' && hasAny(q.lead, lex.rates)) return null;
  if (q.unit === '个百分点') return null; // percentage points are a change, never a level
  if ((rule.units ?? []).includes('人') && hasAny(q.lead + q.tail, lex.onlookers)) return null;
  // What the measure word counts, when a word follows it (3个项目, 300名职工): it must be this field's thing.
  // A percentage counts nothing (2.1%提取 is fine), but 85%的职工 is a share of people.
  if (q.percent && /^的(?!比例|比重|水平|标准)/.test(q.after) && !hasAny(q.after, rule.all.flat())) return null;
  const opens = (x: string) => q.after.startsWith(x);
  if (
    !q.percent &&
    q.after &&
    !lex.countedOk.some(opens) &&
    !lex.nextTopic.some(opens) &&
    !hasAny(q.after, rule.all.flat())
  )
    return null;
  let s = 0;
  const own: string[] = [];
  let inherited = false;
  for (const g of rule.all) {
    const gs = groupScore(g, q, clauses, w, lex);
    if (!gs) return null;
    s += gs[0];
    own.push(...gs[1]);
    inherited ||= gs[2];
  }
  for (const g of rule.context ?? [])
    if (!groupScore(g, q, clauses, w, lex) && !partOfPrevious(g, q, clauses, lex)) return null;
  if (q.unit && f.unit?.zh === q.unit) s += w.unit;
  if ([f.label.zh, ...(f.aliases ?? [])].some((a) => a.length >= 3 && q.lead.includes(a))) s += w.named;
  return {
    f,
    s,
    own,
    inherited,
    v,
    kind: kindOf(
      q.lead,
      (rule.all[0] ?? []).filter((x) => own.includes(x)),
    ),
  };
}

/**
 * 其中/含… before it, or a count inside brackets opened before it (“4名（技师3名、高级技师1名）”); a
 * percentage in brackets is a remark, not a breakdown (“培训经费（按工资总额1.6%提取）”).
 */
const isPart = (q: Quantity, lex: ReportLexicon) =>
  hasAny(q.prefix, lex.parts) ||
  (!q.percent && (q.prefix.match(/[（(]/g)?.length ?? 0) > (q.prefix.match(/[）)]/g)?.length ?? 0));
const isTotal = (q: Quantity, lex: ReportLexicon) => hasAny(q.lead, lex.totals);

/** Place every quantity of a read paragraph; `fields` are the form's numeric fields still open. */
export function placeQuantities(
  fields: FieldDef[],
  clauses: ReadClause[],
  w: FillWeights,
  lex: ReportLexicon = REPORT_LEXICON,
): Placement {
  const claims = new Map<string, (Claim & { own: boolean })[]>();
  const unsure = new Set<string>();
  let parent: { sentence: number; f: FieldDef } | null = null;
  let index = -1;
  for (const c of clauses) {
    for (const q of c.quantities) {
      index++;
      const part = isPart(q, lex);
      let cands = fields.flatMap((f) => score(f, q, clauses, w, lex) ?? []);
      if (part) {
        // A sub-count goes to a field it names itself, other than the one of its total; else nowhere.
        // Its own cue must tell it from the total's field (其中11月份新建3个 under 累计31个: 新建).
        const p = parent?.sentence === c.sentence ? parent.f : null;
        const shared = new Set(p?.extract?.all.flat() ?? []);
        cands = cands.filter((x) => x.f !== p && x.own.some((word) => !shared.has(word)));
      }
      // A field its own clause names beats one only the sentence's earlier clauses name
      // (…农民工培训了九十人 技能比赛搞了一场有60人参加: 比赛, not 培训).
      if (cands.some((x) => !x.inherited)) cands = cands.filter((x) => !x.inherited);
      // A field named right before or after the number beats one named only elsewhere in its clause
      // (…培训搞了六场…参加比武的八十个人: 比武, not 培训).
      if (cands.some((x) => x.own.length > 0)) cands = cands.filter((x) => x.own.length > 0);
      cands.sort((a, b) => b.s - a.s);
      const [best, second] = cands;
      if (!best) continue;
      if (!part) parent = { sentence: c.sentence, f: best.f };
      if (second && best.s - second.s < w.margin) {
        unsure.add(q.raw);
        continue;
      }
      const list = claims.get(best.f.key) ?? [];
      list.push({ q, own: best.own.length > 0, v: best.v, kind: best.kind, index });
      claims.set(best.f.key, list);
    }
  }
  const values: Record<string, number> = {};
  for (const [key, cs] of claims) {
    // Several numbers for one field: a total beats its parts; a run of different kinds is summed
    // (岗位练兵3场、技术比武1场); else the one the field's own cue introduces beats list items that
    // only share its clause (标兵6名、优秀学员12名); else none.
    const totals = cs.filter((c) => isTotal(c.q, lex));
    const own = cs.filter((c) => c.own);
    const sum = totals.length === 0 && own.length === cs.length ? listSum(cs) : null;
    const pool = totals.length > 0 ? totals : own.length > 0 ? own : cs;
    if (sum !== null) values[key] = sum;
    else if (pool.every((c) => c.v === pool[0]!.v) && (pool.length === 1 || !differentKinds(pool)))
      values[key] = pool[0]!.v;
    else for (const c of cs) unsure.add(c.q.raw);
  }
  return { values, unsure: [...unsure] };
}

/** The quantities a read paragraph states that could fill `f` at all (measure word, cues, no exclusion). */
export function fittingValues(
  f: FieldDef,
  clauses: ReadClause[],
  w: FillWeights,
  lex: ReportLexicon = REPORT_LEXICON,
): number[] {
  return clauses.flatMap((c) => c.quantities.flatMap((q) => score(f, q, clauses, w, lex)?.v ?? []));
}

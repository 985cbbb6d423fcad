import { type AnswerEnv, findMonth, matchChoice, yesNoInClause } from './answers.js';
import { findNumbers, type NumberToken } from './numbers.js';
import { fieldSchema } from './schema.js';
import type { FieldDef, FormDefinition } from './types.js';

interface Clause {
  text: string;
  prev: string;
}

/** Split on sentence and clause punctuation (not on the comma inside 1,200). */
function clauses(text: string): Clause[] {
  const parts = text.split(/[，。；;！!？?\n、]|,(?!\d{3})/).map((s) => s.trim());
  const out: Clause[] = [];
  let prev = '';
  for (const p of parts) {
    if (!p) continue;
    out.push({ text: p, prev });
    prev = p;
  }
  return out;
}

const hasAny = (s: string, words: string[]): boolean => words.some((w) => s.includes(w));

function nearest(clause: string, words: string[], at: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const w of words) {
    for (let i = clause.indexOf(w); i >= 0; i = clause.indexOf(w, i + 1)) best = Math.min(best, Math.abs(at - i));
  }
  return best;
}

/** How well a number token fits a numeric field; null = not at all. */
function score(f: FieldDef, tok: NumberToken, c: Clause, percentFields: number): number | null {
  const rule = f.extract;
  if (f.type === 'percent') {
    if (!tok.percent) return null;
    if (!rule) return percentFields === 1 ? 1 : null;
    const groupsHit = rule.all.every((g) => hasAny(c.text, g));
    return groupsHit ? 10 : percentFields === 1 ? 1 : null;
  }
  if (f.type !== 'integer' || !rule || tok.percent) return null;
  if (tok.chinese && !tok.unit) return null; // 一线, 统一…: Chinese numerals only count with a measure word
  // The field named outright (培训人次150): its name is enough, whatever the measure word.
  const named = [f.label.zh, ...(f.aliases ?? [])].some((a) => a.length >= 3 && c.text.includes(a));
  if (rule.units && rule.units.length > 0 && !named) {
    const ok = tok.unit ? rule.units.includes(tok.unit) : rule.units.includes('');
    if (!ok) return null;
  }
  if (rule.exclude && hasAny(c.text, rule.exclude)) return null;
  let s = (tok.unit ? 2 : 0) + (named ? 5 : 0);
  for (const g of rule.all) {
    if (hasAny(c.text, g)) s += 3;
    else if (hasAny(c.prev, g)) s += 1;
    else return null;
  }
  const dist = nearest(c.text, rule.all.flat(), tok.start);
  return s + 1 / (1 + dist);
}

/**
 * Rule-based paragraph reading: every field the text clearly mentions, validated by the field's
 * zod type. `本月新建班组3个，培训两场共一百二十人次，经费占比1.8%` → month, groupsNew,
 * trainingSessions, trainingParticipants, fundRatio.
 */
export function extractByRules(def: FormDefinition, text: string, env: AnswerEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const cs = clauses(text);
  const percentFields = def.fields.filter((f) => f.type === 'percent').length;

  for (const f of def.fields) {
    if (f.type === 'month') {
      const m = findMonth(text, env.now, env.tz);
      if (m) out[f.key] = m;
    } else if (f.type === 'choice' && f.extract) {
      for (const c of cs) {
        if (!f.extract.all.every((g) => hasAny(c.text, g))) continue;
        const v = matchChoice(f, c.text.replace(new RegExp(f.extract.all.flat().join('|'), 'g'), ' '));
        if (v) out[f.key] = v;
      }
    } else if (f.type === 'yesno' && f.aliases) {
      for (const c of cs) {
        if (!hasAny(c.text, f.aliases)) continue;
        const v = yesNoInClause(c.text);
        if (v !== null) out[f.key] = v;
      }
    } else if (f.type === 'text' && f.aliases) {
      const re = new RegExp(`(?:${[pickLabel(f), ...f.aliases].join('|')})\\s*[:：]\\s*([^\\n。]+)`);
      const m = re.exec(text);
      if (m?.[1]?.trim()) out[f.key] = m[1].trim();
    }
  }

  const numeric = def.fields.filter((f) => f.type === 'integer' || f.type === 'percent');
  for (const c of cs) {
    for (const tok of findNumbers(c.text)) {
      let best: { f: FieldDef; s: number } | null = null;
      for (const f of numeric) {
        if (f.key in out) continue;
        const s = score(f, tok, c, percentFields);
        if (s !== null && (!best || s > best.s)) best = { f, s };
      }
      if (best) out[best.f.key] = tok.value;
    }
  }
  return validOnly(def, out);
}

function pickLabel(f: FieldDef): string {
  return f.label.zh;
}

/** Keep only values the field's zod type accepts (used for rules and for LLM output alike). */
export function validOnly(def: FormDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = values[f.key];
    if (v === undefined || v === null) continue;
    if (fieldSchema(f).safeParse(v).success) out[f.key] = v;
  }
  return out;
}

import { normalizeParagraph } from './normalize.js';
import { type AnswerEnv, matchChoice, yesNoInClause } from './answers.js';
import { violations } from './checks.js';
import fitted from './fill-weights.json' with { type: 'json' };
import { type FillWeights, fittingValues, placeQuantities } from './place.js';
import { paragraphMonth } from './month.js';
import { readParagraph } from './read.js';
import { fieldSchema } from './schema.js';
import type { FieldDef, FormDefinition } from './types.js';
import { zeroStatements } from './zero.js';

/** The weights fitted by cross-validation on the training paragraphs (see src/forms/fit.ts). */
export const FILL_WEIGHTS: FillWeights = fitted;

/** What a paragraph filled, and the numbers it states that could not be placed with confidence. */
export interface Extraction {
  values: Record<string, unknown>;
  unsure: string[];
}

const hasAny = (s: string, words: string[]): boolean => words.some((w) => s.includes(w));

/** Sentences (。；！？ line breaks), for yes/no fields: a “还没纳入” anywhere in the sentence wins. */
const sentences = (text: string) => text.split(/[。；;！!？?\n]/).filter((s) => s.trim() !== '');

/**
 * 学习型企业创建还在筹备，尚未启动: a choice said in the next clause of the same sentence, when that
 * clause says nothing but the choice (not “培训工作尚未启动”).
 */
function statusAfter(f: FieldDef, text: string, clause: string, next: string | undefined): string | null {
  if (!next) return null;
  const at = text.indexOf(clause);
  const between = text.slice(at + clause.length, text.indexOf(next, at + clause.length));
  if (!/^[，,\s]*$/.test(between)) return null;
  const v = matchChoice(f, next);
  if (!v) return null;
  const words = (f.choices ?? []).flatMap((c) => [c.label.zh, ...(c.synonyms ?? [])]);
  const rest = words.sort((a, b) => b.length - a.length).reduce((s, w) => s.replaceAll(w, ''), next);
  return /^[还仍目前现在已经正在都也了呢处于在\s]*$/.test(rest) ? v : null;
}

/** The next clause says the status as it stands now (现在处于推进中, 目前已达标). */
const NOW_MARK = /现在|目前|当前|眼下|如今|正在|处于/;

/** Choice, yes/no, text and month fields: read from the words (no quantities involved). */
function readWords(def: FormDefinition, text: string, env: AnswerEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const clauses = text.split(/[，。；;！!？?\n、,]/).filter((s) => s.trim() !== '');
  for (const f of def.fields) {
    if (f.type === 'month') {
      const m = paragraphMonth(text, env.now, env.tz);
      if (m) out[f.key] = m;
    } else if (f.type === 'choice' && f.extract) {
      const cues = new RegExp(f.extract.all.flat().join('|'), 'g');
      clauses.forEach((c, i) => {
        if (!f.extract!.all.every((g) => hasAny(c, g))) return;
        const here = matchChoice(f, c.replace(cues, ' '));
        const after = statusAfter(f, text, c, clauses[i + 1]);
        // 3月份启动，现在处于推进中: the status said as it stands now wins; two statuses otherwise are asked.
        if (here && after && here !== after) {
          if (NOW_MARK.test(clauses[i + 1] ?? '')) out[f.key] = after;
          return;
        }
        const v = here ?? after;
        if (v) out[f.key] = v;
      });
    } else if (f.type === 'yesno' && f.aliases) {
      for (const s of sentences(text)) {
        if (!hasAny(s, f.aliases)) continue;
        const said = s.split(/[，,、]/).map(yesNoInClause);
        if (said.includes(false)) out[f.key] = false;
        else if (said.includes(true)) out[f.key] = true;
      }
    } else if (f.type === 'text' && f.aliases) {
      const re = new RegExp(`(?:${[f.label.zh, ...f.aliases].join('|')})\\s*[:：]\\s*([^\\n。]+)`);
      const m = re.exec(text);
      if (m?.[1]?.trim()) out[f.key] = m[1].trim();
    }
  }
  return out;
}

/**
 * Paragraph reading, right or silent: `本月新建班组3个，培训两场共一百二十人次，经费占比1.8%` → month,
 * groupsNew, trainingSessions, trainingParticipants, fundRatio. Quantities are placed by
 * src/forms/place.ts; values that break a cross-field rule of the form (培训人次 below 培训场次) are
 * dropped and reported as unsure, to be asked.
 */
export function extractParagraph(
  def: FormDefinition,
  text: string,
  env: AnswerEnv,
  w: FillWeights = FILL_WEIGHTS,
): Extraction {
  const numeric = def.fields.filter((f) => (f.type === 'integer' || f.type === 'percent') && f.extract);
  text = normalizeParagraph(text);
  const clauses = readParagraph(text);
  const placed = placeQuantities(numeric, clauses, w);
  const values: Record<string, unknown> = { ...readWords(def, text, env), ...placed.values };
  for (const [k, v] of Object.entries(zeroStatements(numeric, clauses))) if (!(k in values)) values[k] = v;
  const unsure = new Set(placed.unsure);
  for (const v of violations(def, values)) {
    for (const k of [v.field, v.other]) {
      if (typeof values[k] === 'number') unsure.add(String(values[k]));
      delete values[k];
    }
  }
  return { values: validOnly(def, values), unsure: [...unsure] };
}

/** The values only (the rule-based reading without the unsure numbers). */
export function extractByRules(def: FormDefinition, text: string, env: AnswerEnv): Record<string, unknown> {
  return extractParagraph(def, text, env).values;
}

/** The quantities a paragraph states that could fill `f` (its measure word and cues fit): what a model may propose. */
export function statedFor(text: string, f: FieldDef): number[] {
  return fittingValues(f, readParagraph(normalizeParagraph(text)), FILL_WEIGHTS);
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

import type { z } from 'zod';
import type { Citation, Lang } from '../core/types.js';

/** Text in both languages: Chinese first, English second. */
export interface Bilingual {
  zh: string;
  en: string;
}

export type FieldType = 'integer' | 'percent' | 'choice' | 'yesno' | 'text' | 'month';

export interface FieldChoice {
  /** Stored value (ASCII, short: it travels in button values). */
  value: string;
  label: Bilingual;
  /** Other ways people say it, matched in free text (e.g. 达标 for 已达标). */
  synonyms?: string[];
}

/** How a paragraph names this field (cues), and which quantities may fill it. */
export interface ExtractRule {
  /** Every group must be named near the number (its clause, or earlier clauses of its sentence); a group matches when any word in it is present. */
  all: string[][];
  /** Measure words accepted right after the number (个, 场, 人次…); a bare number only right after a cue. */
  units?: string[];
  /** None of these may stand between the previous number and this one (培训农民工60人 is not 培训人次). */
  exclude?: string[];
  /** “There was none” (没有组织培训, 新建学习型班组暂无) fills 0 (the count of events, not of people). */
  zero?: boolean;
  /** The figure is for the year (the education-fund ratio): 本年度/全年 do not rule it out. */
  yearly?: boolean;
  /**
   * Words that make a whole sentence about others (农民工培训，共培训65人): they rule the field out in
   * the clauses after them too, unless a clause names the field's own subject again (`unless`: 职工).
   */
  aboutOthers?: { words: string[]; unless: string[] };
  /**
   * Groups that must be named in the clause or earlier clauses of its sentence but add no score
   * (进城务工人员培训人数 needs a training word: 公司有外来务工人员820人 is a headcount, not a trainee count).
   */
  context?: string[][];
  /** The field is itself a plan (每月计划读书3本): 计划/准备 do not rule it out. */
  plan?: boolean;
}

/**
 * A rule every channel applies to a report (chat form, Slack modal, cards): `atLeast` — `field` may
 * not be below `other` (累计 ≥ 新建); `confirmAbove` — a value above `above` is accepted only once the
 * officer confirms it (“您填的是 95%，确认吗？”). `message` is an i18n key ({value}, {other}).
 */
export type FormCheck =
  | { kind: 'atLeast'; field: string; other: string; message: string }
  | { kind: 'confirmAbove'; field: string; above: number; message: string };

export interface FieldDef {
  key: string;
  type: FieldType;
  label: Bilingual;
  question: Bilingual;
  hint: Bilingual;
  required: boolean;
  /** integer / percent bounds (inclusive); text: max length in `max`. */
  min?: number;
  max?: number;
  /** Measure word shown after the value in summaries (个, 人次…). */
  unit?: Bilingual;
  choices?: FieldChoice[];
  /** Words that name this field in `修改 <字段>` (besides the label). */
  aliases?: string[];
  extract?: ExtractRule;
}

export interface FormWarning {
  field: string;
  text: Bilingual;
  citation?: Citation;
}

/** What a form knows about who is filling it (for warnings that depend on the unit). */
export interface FormContext {
  unit: { name: string; type: string; highTrainingNeeds: boolean } | null;
}

export interface FormDefinition {
  id: string;
  /** Bump when fields change: drafts carry it, old drafts are re-validated field by field. */
  version: number;
  title: Bilingual;
  /** Who a submission belongs to: a registered unit (officers) or the person filling it. */
  owner: 'unit' | 'person';
  /** The field whose value names the period (one record per owner per period); null = one record per owner. */
  periodField: string | null;
  /** Chat commands that start it. */
  command: { names: string[]; bareAliases: string[]; help: string };
  fields: FieldDef[];
  /** The zod schema every submission (and every LLM extraction) is validated with. */
  schema: z.ZodType<Record<string, unknown>>;
  /** Cross-field and plausibility rules (src/forms/checks.ts applies them everywhere). */
  checks?: FormCheck[];
  /** Non-blocking checks (e.g. the education-fund ratio below the document's minimum). */
  warnings?: (values: Record<string, unknown>, ctx: FormContext) => FormWarning[];
}

export function pick(b: Bilingual, lang: Lang): string {
  return lang === 'en' ? b.en : b.zh;
}

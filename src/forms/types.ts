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

/** How the rule-based extractor finds this field in a paragraph. */
export interface ExtractRule {
  /** Every group must match somewhere in the clause (or the clause before it); a group matches when any word in it is present. */
  all: string[][];
  /** Measure words accepted right after the number (个, 场, 人次…). Empty = any. */
  units?: string[];
  /** The clause must not contain any of these. */
  exclude?: string[];
}

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
  /** Non-blocking checks (e.g. the education-fund ratio below the document's minimum). */
  warnings?: (values: Record<string, unknown>, ctx: FormContext) => FormWarning[];
}

export function pick(b: Bilingual, lang: Lang): string {
  return lang === 'en' ? b.en : b.zh;
}

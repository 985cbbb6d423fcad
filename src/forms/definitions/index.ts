import type { FormDefinition } from '../types.js';
import { monthlyReport } from './monthly-report.js';
import { readingSignup } from './reading-signup.js';

export { monthlyReport, monthlyReportSchema } from './monthly-report.js';
export { readingSignup } from './reading-signup.js';
export type { Bilingual, FieldChoice, FieldDef, FieldType, FormDefinition } from '../types.js';

/** Every form the bot can run, by id. Add a form: write its definition and list it here. */
export const forms: Record<string, FormDefinition> = {
  [monthlyReport.id]: monthlyReport,
  [readingSignup.id]: readingSignup,
};

export function formById(id: string): FormDefinition | null {
  return forms[id] ?? null;
}

/**
 * The form definition's rules (`def.checks`), applied the same way by every channel: the chat form
 * (engine), the Slack modal (channels/slack/modal.ts), FormsService.submitReport and any later card
 * form. A value that breaks a rule (培训人次 below 培训场次) or lies above a plausible limit (a 95%
 * education-fund ratio) is filed only once the officer confirms it; a paragraph's values that break a
 * rule are not filed at all (they are asked). Texts are i18n keys, shown in the officer's language.
 */
import type { FormCheck, FormDefinition } from './types.js';

export interface Violation {
  field: string;
  other: string;
  message: string;
}

/** One value waiting for the officer's confirmation: `check` indexes def.checks. */
export interface ToConfirm {
  field: string;
  value: number;
  check: number;
}

/** field → the value the officer confirmed for it; 'all' = everything shown was confirmed (the modal's 核对 box). */
export type Confirmed = Record<string, unknown> | 'all';

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const broken = (c: FormCheck, values: Record<string, unknown>): boolean => {
  const a = values[c.field];
  if (c.kind === 'confirmAbove') return num(a) && a > c.above;
  const b = values[c.other];
  return num(a) && num(b) && a < b;
};

const isConfirmed = (c: FormCheck, values: Record<string, unknown>, ok: Confirmed): boolean =>
  ok === 'all' ||
  (c.field in ok && ok[c.field] === values[c.field]) ||
  (c.kind === 'atLeast' && c.other in ok && ok[c.other] === values[c.other]);

/** Cross-field rules broken by `values` (only rules whose fields are both filled). */
export function violations(def: FormDefinition, values: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  for (const c of def.checks ?? [])
    if (c.kind === 'atLeast' && broken(c, values)) out.push({ field: c.field, other: c.other, message: c.message });
  return out;
}

/** Every value a rule flags that the officer has not confirmed yet, in the order of def.checks. */
export function needsConfirmation(
  def: FormDefinition,
  values: Record<string, unknown>,
  confirmed: Confirmed = {},
): ToConfirm[] {
  const out: ToConfirm[] = [];
  (def.checks ?? []).forEach((c, check) => {
    if (broken(c, values) && !isConfirmed(c, values, confirmed))
      out.push({ field: c.field, value: values[c.field] as number, check });
  });
  return out;
}

/** What to tell the officer about a flagged value: an i18n key and its variables (label and max added by the caller). */
export function confirmText(def: FormDefinition, t: ToConfirm): { key: string; vars: Record<string, string | number> } {
  const c = def.checks?.[t.check];
  if (c?.kind === 'atLeast') return { key: 'forms.confirm_rule', vars: { rule: c.message } };
  return { key: 'forms.confirm_value', vars: { max: c?.kind === 'confirmAbove' ? c.above : '' } };
}

/** The cross-field rules as a zod refinement on a form's object schema (the hard check at submission). */
export function refineChecks(def: Pick<FormDefinition, 'checks'>) {
  return (
    values: Record<string, unknown>,
    ctx: { addIssue(i: { code: 'custom'; path: string[]; message: string }): void },
  ) => {
    for (const c of def.checks ?? [])
      if (c.kind === 'atLeast' && broken(c, values))
        ctx.addIssue({ code: 'custom', path: [c.field], message: c.message });
  };
}

export type Checked =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; issues: { field: string; message: string; detail: string }[] };

/**
 * A whole submission through the form's schema and rules, honouring what the officer confirmed:
 * the one check every channel calls before recording a report.
 */
export function checkReport(def: FormDefinition, values: Record<string, unknown>, confirmed: Confirmed = {}): Checked {
  const parsed = def.schema.safeParse(values);
  const ruleMessages = new Set((def.checks ?? []).map((c) => c.message));
  const issues: { field: string; message: string; detail: string }[] = [];
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const field = String(i.path[0] ?? '');
      const rule = (def.checks ?? []).find((c) => c.message === i.message && c.field === field);
      if (rule && isConfirmed(rule, values, confirmed)) continue;
      const message = ruleMessages.has(i.message) || i.message.startsWith('forms.') ? i.message : '';
      issues.push({ field, message, detail: i.message });
    }
  }
  for (const t of needsConfirmation(def, values, confirmed))
    if (def.checks?.[t.check]?.kind === 'confirmAbove')
      issues.push({
        field: t.field,
        message: def.checks[t.check]!.message,
        detail: `above ${def.checks[t.check]!.kind}`,
      });
  if (issues.length) return { ok: false, issues };
  if (parsed.success) return { ok: true, data: parsed.data };
  // Only confirmed rule issues: the values themselves are valid field by field.
  return { ok: true, data: values };
}

/**
 * The form definition's rules (`def.checks`), applied the same way by every channel: the chat form
 * (engine), the Slack modal (channels/slack/modal.ts), FormsService.submitReport (through the schema)
 * and any later card form. Texts are i18n keys, shown in the officer's language.
 */
import type { FormDefinition } from './types.js';

export interface Violation {
  field: string;
  other: string;
  message: string;
}

export interface ToConfirm {
  field: string;
  value: number;
  message: string;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Cross-field rules broken by `values` (only rules whose fields are both filled). */
export function violations(def: FormDefinition, values: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  for (const c of def.checks ?? []) {
    if (c.kind !== 'atLeast') continue;
    const a = values[c.field];
    const b = values[c.other];
    if (num(a) && num(b) && a < b) out.push({ field: c.field, other: c.other, message: c.message });
  }
  return out;
}

/** Values outside the plausible range that the officer has not confirmed yet (`confirmed`: field → value). */
export function needsConfirmation(
  def: FormDefinition,
  values: Record<string, unknown>,
  confirmed: Record<string, unknown> = {},
): ToConfirm[] {
  const out: ToConfirm[] = [];
  for (const c of def.checks ?? []) {
    if (c.kind !== 'confirmAbove') continue;
    const v = values[c.field];
    if (num(v) && v > c.above && confirmed[c.field] !== v) out.push({ field: c.field, value: v, message: c.message });
  }
  return out;
}

/** The cross-field rules as a zod refinement: add it to a form's object schema. */
export function refineChecks(def: Pick<FormDefinition, 'checks'>) {
  return (
    values: Record<string, unknown>,
    ctx: { addIssue(i: { code: 'custom'; path: string[]; message: string }): void },
  ) => {
    for (const v of violations(def as FormDefinition, values))
      ctx.addIssue({ code: 'custom', path: [v.field], message: v.message });
  };
}

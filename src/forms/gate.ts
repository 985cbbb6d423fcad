import { confirmText, needsConfirmation, type Violation, violations } from './checks.js';
import type { Draft } from './drafts.js';
import type { FormDefinition } from './types.js';

/** A value waiting for the officer's “是” before it is filed: field, value, index of the rule in def.checks. */
export interface Pending {
  k: string;
  v: number;
  c: number;
}

export interface Gated {
  /** What may be stored now. */
  values: Record<string, unknown>;
  /** The first flagged typed value, held back until confirmed. */
  pend: Pending | null;
  /** Cross-field rules a paragraph's values would break (those values are held back, to be asked). */
  broken: Violation[];
}

/**
 * The form's rules between reading values and storing them. A paragraph's values that break a
 * cross-field rule with each other or with the draft are not stored (they are asked in their turn);
 * a typed value that breaks one, or any value above its plausible limit, waits for confirmation.
 * Submission checks everything again (src/forms/checks.ts checkReport).
 */
export function gate(def: FormDefinition, d: Draft, found: Record<string, unknown>, typed = false): Gated {
  const values = { ...found };
  const broken: Violation[] = [];
  if (!typed) {
    for (const v of violations(def, { ...d.values, ...values })) {
      if (!(v.field in values) && !(v.other in values)) continue;
      broken.push(v);
      delete values[v.field];
      delete values[v.other];
    }
  }
  let pend: Pending | null = null;
  for (const t of needsConfirmation(def, { ...d.values, ...values }, d.ok ?? {})) {
    const rule = def.checks?.[t.check];
    const key = rule?.kind === 'atLeast' && !(t.field in values) ? rule.other : t.field;
    if (!(key in values) || typeof values[key] !== 'number') continue;
    pend = { k: key, v: values[key] as number, c: t.check };
    delete values[key];
    break;
  }
  return { values, pend, broken };
}

/** The i18n key and variables of the confirmation question for a pending value. */
export function pendingText(def: FormDefinition, p: Pending) {
  return confirmText(def, { field: p.k, value: p.v, check: p.c });
}

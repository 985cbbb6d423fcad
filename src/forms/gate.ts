import { needsConfirmation, type Violation, violations } from './checks.js';
import type { Draft } from './drafts.js';
import type { FormDefinition } from './types.js';

/** A value waiting for the officer's “是” before it is filed (the ratio of 95%). */
export interface Pending {
  k: string;
  v: number;
}

export interface Gated {
  /** What may be stored now. */
  values: Record<string, unknown>;
  /** The first implausible value, held back until confirmed. */
  pend: Pending | null;
  /** Cross-field rules the new values would break (those values are held back, to be asked). */
  broken: Violation[];
}

/**
 * The form's checks between reading a value and storing it, for typed answers and paragraphs alike:
 * a value that breaks a cross-field rule with what the draft holds is not stored; an implausible one
 * waits for confirmation. (Submission re-checks everything through the schema.)
 */
export function gate(def: FormDefinition, d: Draft, found: Record<string, unknown>): Gated {
  const values = { ...found };
  const broken: Violation[] = [];
  for (const v of violations(def, { ...d.values, ...values })) {
    if (!(v.field in values) && !(v.other in values)) continue;
    broken.push(v);
    delete values[v.field];
    delete values[v.other];
  }
  const [c] = needsConfirmation(def, values, d.ok);
  let pend: Pending | null = null;
  if (c) {
    pend = { k: c.field, v: c.value };
    delete values[c.field];
  }
  return { values, pend, broken };
}

/** The plausibility limit of a field (for the confirmation text). */
export function limitOf(def: FormDefinition, key: string): number | null {
  for (const c of def.checks ?? []) if (c.kind === 'confirmAbove' && c.field === key) return c.above;
  return null;
}

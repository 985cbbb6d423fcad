import { z } from 'zod';
import type { FieldDef } from './types.js';

import { MONTH_RE } from '../core/types.js';

export { MONTH_RE };

const cache = new WeakMap<FieldDef, z.ZodType>();

/** The zod type of one field's stored value (built once per field definition). */
export function fieldSchema(f: FieldDef): z.ZodType {
  let s = cache.get(f);
  if (!s) {
    s = build(f);
    cache.set(f, s);
  }
  return s;
}

function build(f: FieldDef): z.ZodType {
  switch (f.type) {
    case 'integer':
      return z
        .number()
        .int()
        .min(f.min ?? 0)
        .max(f.max ?? Number.MAX_SAFE_INTEGER);
    case 'percent':
      return z
        .number()
        .min(f.min ?? 0)
        .max(f.max ?? 100);
    case 'choice': {
      const values = (f.choices ?? []).map((c) => c.value);
      return z.enum(values as [string, ...string[]]);
    }
    case 'yesno':
      return z.boolean();
    case 'text':
      return z
        .string()
        .trim()
        .min(1)
        .max(f.max ?? 2000);
    case 'month':
      return z.string().regex(MONTH_RE);
  }
}

/** A form's object schema, built from its fields (required fields must be present). */
export function objectSchema(fields: FieldDef[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) shape[f.key] = f.required ? fieldSchema(f) : fieldSchema(f).optional();
  return z.object(shape);
}

import { translate } from '../core/i18n.js';
import type { Lang } from '../core/types.js';
import { parseAnswer } from './answers.js';
import { type FormDefinition, pick } from './types.js';

export type FieldsResult =
  | { ok: true; values: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/**
 * Check a whole form's worth of typed values at once (a Slack modal, an import): each field with the
 * chat form's own parser, then the form's schema. Errors are translated and keyed by field; '' = left empty.
 */
export function checkFields(
  def: FormDefinition,
  raw: Record<string, string>,
  opts: { lang: Lang; now: Date; tz: string },
): FieldsResult {
  const { lang } = opts;
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of def.fields) {
    const text = raw[f.key] ?? '';
    if (text === '') continue;
    const r =
      f.type === 'choice' && (f.choices ?? []).some((c) => c.value === text)
        ? { ok: true as const, value: text }
        : parseAnswer(f, text, opts);
    if (r.ok) values[f.key] = r.value;
    else errors[f.key] = translate(lang, r.error, r.vars);
  }
  if (Object.keys(errors).length === 0) {
    const parsed = def.schema.safeParse(values);
    if (parsed.success) return { ok: true, values: parsed.data };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? def.fields[0]?.key ?? '');
      const f = def.fields.find((x) => x.key === key) ?? def.fields[0];
      if (!f) continue;
      errors[f.key] ??= issue.message.startsWith('forms.')
        ? translate(lang, issue.message)
        : translate(lang, 'forms.err.invalid', { label: pick(f.label, lang) });
    }
  }
  return { ok: false, errors };
}

import { loadText } from '../../core/text.js';

/** HTML that is already safe to insert (built by `html` or `raw`). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c] ?? c);
}

export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function part(v: Part): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  return escapeHtml(v);
}

/** Tagged template: every interpolated value is escaped unless it is SafeHtml; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += part(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}


export type ViewVars = Record<string, Part>;

/**
 * Fill `prompts/admin/<name>.html`: `{{var}}` is escaped (SafeHtml passes through), `[[key]]` is the
 * translated text of `key` (escaped). Unknown `{{var}}` placeholders become empty.
 */
export function view(name: string, vars: ViewVars, t: (key: string) => string): SafeHtml {
  const filled = loadText(`admin/${name}.html`)
    .replace(/\[\[([\w.]+)\]\]/g, (_m, key: string) => escapeHtml(t(key)))
    .replace(/\{\{(\w+)\}\}/g, (_m, k: string) => part(vars[k]));
  return new SafeHtml(filled);
}

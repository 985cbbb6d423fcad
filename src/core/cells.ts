/** A spreadsheet cell as text; leading = + - @ are quoted so a spreadsheet never runs them as formulas. */
export function cellText(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
}

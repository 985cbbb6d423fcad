import type { Lang } from '../../core/types.js';
import { monthlyReport } from '../../forms/index.js';

/** The monthly report's field labels and choice labels, for showing stored report data. */
export function fieldLabel(key: string, lang: Lang): string {
  const f = monthlyReport.fields.find((x) => x.key === key);
  return f ? (lang === 'en' ? f.label.en : f.label.zh) : key;
}

export function fieldValue(key: string, value: unknown, lang: Lang): string {
  const f = monthlyReport.fields.find((x) => x.key === key);
  if (value === null || value === undefined || value === '') return '—';
  const choice = f?.choices?.find((c) => c.value === value);
  if (choice) return lang === 'en' ? choice.label.en : choice.label.zh;
  if (typeof value === 'boolean') return lang === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否';
  const unit = f?.unit ? (lang === 'en' ? f.unit.en : f.unit.zh) : '';
  const suffix = f?.type === 'percent' ? '%' : unit ? ` ${unit}` : '';
  return `${String(value)}${suffix}`;
}

/** Field keys in form order, then any other keys the data has. */
export function orderedKeys(data: Record<string, unknown>[]): string[] {
  const known = monthlyReport.fields.map((f) => f.key);
  const extra = [...new Set(data.flatMap((d) => Object.keys(d)))].filter((k) => !known.includes(k));
  return [...known.filter((k) => data.some((d) => k in d)), ...extra];
}

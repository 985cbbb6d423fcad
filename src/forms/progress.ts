import type { Lang } from '../core/types.js';
import { monthlyReport } from './definitions/index.js';
import type { ReportStore, ReportVersion } from './reports.js';
import { pick } from './types.js';
import type { Unit } from './units.js';

export interface Progress {
  month: string;
  units: number;
  submitted: string[];
  missing: string[];
  totals: Record<string, number>;
  targets: { key: string; label: string; target: number; value: number }[];
}

/** The campaign's five-year targets (《意见》三、(一)). */
export const TARGETS = [
  { key: 'learningEnterprises', label: '学习型企业', target: 1000 },
  { key: 'learningUnions', label: '学习型工会', target: 1000 },
  { key: 'learningGroups', label: '学习型班组', target: 10000 },
  { key: 'coverage', label: '开展创建的单位占比(%)', target: 70 },
] as const;

/** Each unit's latest report for `month` or before (cumulative figures carry over unreported months). */
async function latestUpTo(reports: ReportStore, units: Unit[], month: string): Promise<Map<string, ReportVersion>> {
  const out = new Map<string, ReportVersion>();
  const periods = (await reports.periods(monthlyReport.id)).filter((p) => p <= month).reverse();
  const ids = units.map((u) => u.id);
  for (const p of periods) {
    const todo = ids.filter((id) => !out.has(id));
    if (todo.length === 0) break;
    const got = await reports.many(monthlyReport.id, todo, p);
    got.forEach((r, i) => {
      if (r) out.set(todo[i]!, r);
    });
  }
  return out;
}

export async function computeProgress(reports: ReportStore, units: Unit[], month: string): Promise<Progress> {
  const thisMonth = await reports.many(
    monthlyReport.id,
    units.map((u) => u.id),
    month,
  );
  const submitted: string[] = [];
  const missing: string[] = [];
  const totals: Record<string, number> = {};
  for (const f of monthlyReport.fields) if (f.type === 'integer') totals[f.key] = 0;
  units.forEach((u, i) => {
    const r = thisMonth[i];
    if (!r) {
      missing.push(u.name);
      return;
    }
    submitted.push(u.name);
    for (const k of Object.keys(totals)) {
      const v = r.data[k];
      if (typeof v === 'number') totals[k] = (totals[k] ?? 0) + v;
    }
  });
  const latest = await latestUpTo(reports, units, month);
  let enterprises = 0;
  let unions = 0;
  let groups = 0;
  let active = 0;
  for (const r of latest.values()) {
    if (r.data['enterpriseStatus'] === 'reached') enterprises++;
    if (r.data['unionStatus'] === 'reached') unions++;
    if (typeof r.data['groupsTotal'] === 'number') groups += r.data['groupsTotal'];
    if ((r.data['enterpriseStatus'] ?? 'none') !== 'none' || (r.data['unionStatus'] ?? 'none') !== 'none') active++;
  }
  const coverage = units.length ? Math.round((active / units.length) * 1000) / 10 : 0;
  const values: Record<string, number> = {
    learningEnterprises: enterprises,
    learningUnions: unions,
    learningGroups: groups,
    coverage,
  };
  return {
    month,
    units: units.length,
    submitted,
    missing,
    totals,
    targets: TARGETS.map((t) => ({ key: t.key, label: t.label, target: t.target, value: values[t.key] ?? 0 })),
  };
}

export function bar(ratio: number, width = 10): string {
  const r = Math.max(0, Math.min(1, Number.isFinite(ratio) ? ratio : 0));
  const full = Math.round(r * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : 0);

/** The /progress text: submissions, this month's totals and the campaign targets with text bars. */
export function renderProgress(
  p: Progress,
  lang: Lang,
  t: (k: string, v?: Record<string, string | number>) => string,
): string {
  const lines = [t('forms.progress_title', { month: p.month })];
  const n = p.submitted.length;
  lines.push(
    `${bar(n / (p.units || 1))} ${t('forms.progress_submitted', { n, total: p.units, pct: pct(n, p.units) })}`,
  );
  if (p.missing.length) lines.push(t('forms.progress_missing', { units: p.missing.join('、') }));
  if (n > 0) {
    lines.push('', t('forms.progress_totals'));
    for (const f of monthlyReport.fields) {
      if (f.type !== 'integer') continue;
      const u = f.unit ? pick(f.unit, lang) : '';
      lines.push(`· ${pick(f.label, lang)}：${p.totals[f.key] ?? 0}${u ? ` ${u}` : ''}`);
    }
  }
  lines.push('', t('forms.progress_targets'));
  for (const x of p.targets) {
    const label = t(`forms.target.${x.key}`);
    const shown = x.key === 'coverage' ? `${x.value}% / ${x.target}%` : `${x.value} / ${x.target}`;
    lines.push(`${label} ${bar(x.value / x.target)} ${shown}（${pct(x.value, x.target)}%）`);
  }
  return lines.join('\n');
}

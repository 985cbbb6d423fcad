import type { HandlerContext } from '../core/module.js';
import { hasRole } from '../core/roles.js';
import type { Reply } from '../core/types.js';
import { formatValue } from './answers.js';
import { monthlyReport } from './definitions/index.js';
import { monthArg } from './feature-admin.js';
import { MONTH_RE } from './schema.js';
import type { FormsInternals } from './service.js';
import { pick } from './types.js';

/**
 * /reports [月份] [单位]: the latest version and its history. Officers see only their own unit;
 * staff and admins any unit.
 */
export async function viewReports(ctx: HandlerContext, fi: FormsInternals, args: string): Promise<Reply[]> {
  const parts = args.trim().split(/\s+/).filter(Boolean);
  const monthPart = parts[0] && (MONTH_RE.test(parts[0]) || parts[0].includes('月')) ? parts.shift()! : '';
  const month = monthArg(ctx, monthPart);
  if (!month) return [{ text: ctx.t('forms.month_usage', { input: monthPart }) }];
  const unitName = parts.join(' ');
  const own = await fi.units.unitOf(ctx.identity);
  let unitId = own;
  if (unitName) {
    const u = await fi.units.findUnit(unitName);
    // Only staff learn which units exist: an officer naming anything but their own unit hears the same.
    if (!hasRole(ctx.role, 'staff') && (u === 'ambiguous' || u?.id !== own)) {
      return [{ text: ctx.t('forms.not_your_unit') }];
    }
    if (u === 'ambiguous') return [{ text: ctx.t('forms.unit_ambiguous', { name: unitName }) }];
    if (!u) return [{ text: ctx.t('forms.unit_unknown', { name: unitName }) }];
    unitId = u.id;
  }
  if (!unitId) return [{ text: ctx.t(hasRole(ctx.role, 'staff') ? 'forms.staff_name_unit' : 'forms.not_bound') }];
  if (unitId !== own && !hasRole(ctx.role, 'staff')) return [{ text: ctx.t('forms.not_your_unit') }];
  const unit = await fi.units.getUnit(unitId);
  const history = await fi.reports.history(monthlyReport.id, unitId, month);
  const latest = history[history.length - 1];
  if (!latest) return [{ text: ctx.t('forms.no_report', { unit: unit?.name ?? unitId, month }) }];
  const lines = [ctx.t('forms.report_head', { unit: unit?.name ?? unitId, month, version: latest.version })];
  for (const f of monthlyReport.fields) {
    if (f.key === 'month' || !(f.key in latest.data)) continue;
    lines.push(`· ${pick(f.label, ctx.lang)}：${formatValue(f, latest.data[f.key], ctx.lang)}`);
  }
  lines.push('', ctx.t('forms.history'));
  for (const v of history) lines.push(ctx.t('forms.history_line', { version: v.version, by: v.by, at: v.at }));
  return [{ text: lines.join('\n') }];
}

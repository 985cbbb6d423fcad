import { DateTime } from 'luxon';
import { MONTH_RE } from '../../core/types.js';
import type { AdminCtx } from './context.js';


/** This month (YYYY-MM) in the configured time zone. */
export function thisMonth(ctx: AdminCtx): string {
  return DateTime.fromJSDate(ctx.deps.clock.now(), { zone: ctx.deps.config.TIMEZONE }).toFormat('yyyy-MM');
}

/** The months to show: those with reports plus this month, most recent `n`, oldest first. */
export function displayMonths(reported: string[], current: string, n = 12): string[] {
  const all = [...new Set([...reported.filter((m) => MONTH_RE.test(m)), current])].sort();
  return all.slice(-n);
}

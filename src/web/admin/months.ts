import { DateTime } from 'luxon';
import type { AdminCtx } from './context.js';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** This month (YYYY-MM) in the configured time zone. */
export function thisMonth(ctx: AdminCtx): string {
  return DateTime.fromJSDate(ctx.deps.clock.now(), { zone: ctx.deps.config.TIMEZONE }).toFormat('yyyy-MM');
}

/** The last `n` months up to and including `last`, oldest first. */
export function monthsUpTo(last: string, n: number): string[] {
  const end = DateTime.fromFormat(last, 'yyyy-MM');
  return Array.from({ length: n }, (_, i) => end.minus({ months: n - 1 - i }).toFormat('yyyy-MM'));
}

/** The months to show: those with reports plus this month, most recent `n`, oldest first. */
export function displayMonths(reported: string[], current: string, n = 12): string[] {
  const all = [...new Set([...reported.filter((m) => MONTH.test(m)), current])].sort();
  return all.slice(-n);
}

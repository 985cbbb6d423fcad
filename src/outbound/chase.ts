import type { Queues } from './queues.js';

/** The report-chasing control job: DM officers of units without a report, and staff the list. */
export interface ChaseJob {
  /** 1 = on REPORT_CHASE_DAY, 2 = REPORT_CHASE_REPEAT_DAYS later. */
  round: number;
  /** 'YYYY-MM'; default: last month in TIMEZONE. */
  month?: string;
}

/** Report chasing: on REPORT_CHASE_DAY at 09:00 local, and REPORT_CHASE_REPEAT_DAYS later (at most the 28th). */
export function chaseSchedules(day: number, repeatDays: number): { id: string; pattern: string; round: number }[] {
  return [
    { id: 'chase-reports-1', pattern: `0 9 ${day} * *`, round: 1 },
    { id: 'chase-reports-2', pattern: `0 9 ${Math.min(28, day + repeatDays)} * *`, round: 2 },
  ];
}

/** Install (or update) both monthly chase schedulers, with `tz` set explicitly. */
export async function scheduleChases(
  queues: Queues,
  config: { REPORT_CHASE_DAY: number; REPORT_CHASE_REPEAT_DAYS: number; TIMEZONE: string },
): Promise<void> {
  for (const s of chaseSchedules(config.REPORT_CHASE_DAY, config.REPORT_CHASE_REPEAT_DAYS)) {
    const data: ChaseJob = { round: s.round };
    await queues.control.upsertJobScheduler(s.id, { pattern: s.pattern, tz: config.TIMEZONE }, { name: 'chase', data });
  }
}

/** Queue the report chase now (round 1 or 2; month defaults to last month). Returns the job id (one per day). */
export async function queueChase(queues: Queues, now: Date, round: number, month?: string): Promise<string> {
  const data: ChaseJob = { round };
  if (month) data.month = month;
  const jobId = `chase|${month ?? 'last'}|${round}|${now.toISOString().slice(0, 10)}`;
  await queues.control.add('chase', data, { jobId });
  return jobId;
}

/**
 * The other capabilities' services as the console sees them. They are looked up per request;
 * a missing one renders a "not available yet" panel instead of a page.
 */
import type { CalendarService } from '../../calendar/service.js';
import type { Deps } from '../../deps.js';
import type { Feedback } from '../../feedback/service.js';
import type { Progress } from '../../forms/progress.js';
import type { ReportVersion } from '../../forms/reports.js';
import type { FormsService } from '../../forms/service.js';
import type { Unit } from '../../forms/units.js';
import type { QaService } from '../../qa/index.js';

/** The Q&A service as the console uses it (src/qa/service.ts). */
export type QaPort = Pick<QaService, 'answer' | 'reload' | 'documents'>;

/** The forms service (src/forms/service.ts). */
export type FormsPort = FormsService;
export type UnitLike = Unit;
export type ReportLike = ReportVersion;
export type ProgressLike = Progress;

/** The calendar service (src/calendar/service.ts). */
export type CalendarPort = CalendarService;

/** Feedback and curated answers (src/feedback/service.ts). */
export type FeedbackPort = Feedback;

export interface AdminPorts {
  qa: QaPort | undefined;
  feedback: FeedbackPort | undefined;
  forms: FormsPort | undefined;
  calendar: CalendarPort | undefined;
}

/** The services present right now (looked up per request: capabilities may register later). */
export function ports(deps: Deps): AdminPorts {
  const s = deps.services as Record<string, unknown>;
  return {
    qa: s['qa'] as QaPort | undefined,
    feedback: s['feedback'] as FeedbackPort | undefined,
    forms: s['forms'] as FormsPort | undefined,
    calendar: s['calendar'] as CalendarPort | undefined,
  };
}

/** The other modules' services as the console sees them. */
import type { CalendarService } from '../../calendar/service.js';
import type { Feedback } from '../../feedback/service.js';
import type { FormsService, Progress, ReportVersion, Unit } from '../../forms/index.js';
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

/** The services the console is given; one left out renders a "not available" panel instead of its pages. */
export interface AdminPorts {
  qa?: QaPort;
  feedback?: FeedbackPort;
  forms?: FormsPort;
  calendar?: CalendarPort;
}

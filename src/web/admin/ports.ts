/**
 * What the console needs from the other capabilities' services, typed structurally so the
 * console keeps compiling while those services evolve. A missing service renders a
 * "not available yet" panel instead of a page.
 */
import type { Deps } from '../../deps.js';

export interface QaPort {
  answer(
    question: string,
    opts?: { lang?: 'zh' | 'en' },
  ): Promise<{
    answer: string;
    citations: { doc: string; locator: string; quote: string }[];
    refused: boolean;
    suggestions?: string[];
  }>;
  reload(): Promise<{ docs: number; passages: number }>;
  documents(): { doc: string; title: string; passages: number; loadedAt: string }[];
}

export interface UnitLike {
  id: string;
  name: string;
  district?: string;
  [k: string]: unknown;
}

export interface ReportLike {
  version?: number;
  data?: Record<string, unknown>;
  by?: string;
  at?: string;
  [k: string]: unknown;
}

export interface ProgressLike {
  month: string;
  units: number;
  submitted: number;
  missing: unknown;
  totals?: Record<string, number>;
  targets: { key: string; label: string; target: number; value: number }[];
}

export interface FormsPort {
  listUnits(): Promise<UnitLike[]>;
  getUnit(id: string): Promise<UnitLike | null>;
  unitOf(identity: string): Promise<string | null | UnitLike>;
  officersOf(unitId: string): Promise<string[]>;
  createInvite(unitId: string, ...rest: unknown[]): Promise<unknown>;
  getReport(unitId: string, month: string): Promise<ReportLike | null>;
  reportHistory(unitId: string, month: string): Promise<ReportLike[]>;
  progress(month: string): Promise<ProgressLike>;
  reportMonths(): Promise<string[]>;
  exportRows(month: string): Promise<{ headers: string[]; rows: unknown[][] }>;
}

export interface EventLike {
  id: string;
  title: string;
  start?: string;
  startsAt?: string;
  end?: string;
  location?: string;
  tags?: string[];
  cancelled?: boolean;
  status?: string;
  [k: string]: unknown;
}

export interface CalendarPort {
  listEvents(...args: unknown[]): Promise<EventLike[]>;
  getEvent(id: string): Promise<EventLike | null>;
  addEvent(input: Record<string, unknown>, ...rest: unknown[]): Promise<EventLike | string>;
  editEvent(id: string, patch: Record<string, unknown>, by: string): Promise<unknown>;
  cancelEvent(id: string, by: string): Promise<unknown>;
  subscribersOf(eventId: string): Promise<unknown[]>;
  previewBroadcast(text: string, tag?: string): Promise<{ recipients: unknown }>;
  sendBroadcast(input: { text: string; tag?: string; by: string }): Promise<unknown>;
  broadcastReport(id: string): Promise<unknown>;
  listBroadcasts(): Promise<unknown[]>;
  deliveryStatus(eventId: string): Promise<unknown>;
}

export interface AdminPorts {
  qa: QaPort | undefined;
  forms: FormsPort | undefined;
  calendar: CalendarPort | undefined;
}

/** The services present right now (looked up per request: capabilities may register later). */
export function ports(deps: Deps): AdminPorts {
  const s = deps.services as Record<string, unknown>;
  return {
    qa: s['qa'] as QaPort | undefined,
    forms: s['forms'] as FormsPort | undefined,
    calendar: s['calendar'] as CalendarPort | undefined,
  };
}

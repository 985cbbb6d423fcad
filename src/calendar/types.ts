import type { ConversationRef, Lang } from '../core/types.js';

export type EventStatus = 'active' | 'cancelled';

/** A campaign calendar event. Times are ISO strings with offset, in the configured time zone. */
export interface CalEvent {
  id: string;
  title: string;
  /** Start (for month-only events: the 1st of the month, 00:00 local). */
  start: string;
  /** Only the month is known (the seed document's "六月份" style). */
  monthOnly: boolean;
  /** For month-only events spanning months ("四月—五月份"): the last month's 1st. */
  end?: string;
  place?: string;
  description?: string;
  /** Tags of the chats to remind; empty = every subscribed chat. */
  audience: string[];
  status: EventStatus;
  /** Per-event lead times ("7d", "2h", "30m", "20s"); unset = REMINDER_LEAD_TIMES. */
  leadTimes?: string[];
  /** Bumped on every change; change notices carry it in their delivery ids (one notice per revision). */
  rev: number;
  createdBy: string;
  updatedAt: string;
  /** Seeded from the campaign document (kept in sync until staff edit it). */
  seed?: boolean;
  /** A date without a time of day: `start` is 00:00 local, `end` (if any) the last day, inclusive. */
  allDay?: boolean;
  /** RFC 5545 RRULE value ("FREQ=MONTHLY;BYMONTHDAY=5;COUNT=12"): the event repeats from `start`. */
  rule?: string;
  /** Occurrence starts (ISO) cancelled one at a time (EXDATE). */
  exdates?: string[];
  /** Occurrence starts replaced by a modified instance, an event of its own (RECURRENCE-ID). */
  moved?: string[];
  /** The zone the rule is defined in, when not TIMEZONE (an imported TZID). */
  tz?: string;
  /** iCalendar UID of an imported event (exported again as is). */
  uid?: string;
  /** A modified instance of a series: the series' id and the occurrence start it replaces. */
  seriesId?: string;
  recurrenceId?: string;
}

export interface EventInput {
  title: string;
  start: string;
  monthOnly?: boolean;
  end?: string;
  place?: string;
  description?: string;
  audience?: string[];
  leadTimes?: string[];
  /** Use this id (seed and iCalendar import); otherwise the next number. */
  id?: string;
  seed?: boolean;
  allDay?: boolean;
  rule?: string;
  exdates?: string[];
  moved?: string[];
  tz?: string;
  uid?: string;
  seriesId?: string;
  recurrenceId?: string;
}

/** The fields that decide when an event's reminders fire. */
export const TIMING_FIELDS = ['start', 'monthOnly', 'allDay', 'leadTimes', 'rule', 'exdates', 'moved', 'tz'] as const;

export type EventPatch = Partial<
  Pick<
    CalEvent,
    | 'title'
    | 'start'
    | 'monthOnly'
    | 'end'
    | 'place'
    | 'description'
    | 'audience'
    | 'leadTimes'
    | 'allDay'
    | 'rule'
    | 'exdates'
    | 'moved'
    | 'tz'
  >
>;

/** A chat that receives reminders and broadcasts. */
export interface Subscription {
  conv: ConversationRef;
  /** Encoded conversation id (`telegram:-100123`). */
  convId: string;
  tags: string[];
  /** "HH:MM-HH:MM", "off", or unset = QUIET_HOURS. */
  quietHours?: string;
  /** Language of reminders in this chat (the subscriber's). */
  lang?: Lang;
  by: string;
  at: string;
}

export interface BroadcastInfo {
  id: string;
  text: string;
  tag?: string;
  by: string;
  at: string;
  total: number;
}

export interface BroadcastReport {
  total: number;
  sent: number;
  /** Conversation ids the message reached. */
  delivered: string[];
  failed: { conv: string; reason: string }[];
  pending: number;
}

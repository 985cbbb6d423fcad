import type { CalEvent } from './types.js';

/** Control-queue payloads the calendar produces; their processors live in jobs/. */

export interface ReminderJob {
  eventId: string;
  /** The occurrence this reminder belongs to (ISO): the event's start, or one start of a series. */
  start: string;
  /** Lead time ("7d", "2h"), "month" (a month-only event, on the 1st), "eve" / "day" (an all-day event). */
  lead: string;
  /** When the reminder is due (ISO), before quiet hours. */
  fireAt: string;
}

export interface BroadcastJob {
  broadcastId: string;
}

export interface NoticeJob {
  eventId: string;
  /** The event revision the notice is about (part of every delivery id). */
  rev: number;
  /** The event before and after the change (each chat gets the notice in its language). */
  before: CalEvent;
  after: CalEvent;
  /** Audience tags at the time of the change (old ∪ new, so moved-out chats hear of it too). */
  audience: string[];
  /** Only this occurrence of a series was cancelled (ISO start). */
  occurrence?: string;
}

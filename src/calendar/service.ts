import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { type ConversationRef, encodeConversationId, type Lang } from '../core/types.js';
import type { Deps } from '../core/deps.js';
import { queueChase } from '../outbound/chase.js';
import { ledgerState } from '../outbound/ledger.js';
import type { Queues } from '../outbound/queues.js';
import type { BroadcastJob, NoticeJob } from './jobs.js';
import { isOccurrence, nextOccurrences } from './recurrence.js';
import {
  type PlannedReminder,
  removeReminders,
  scheduleReminders,
  statusReminders,
  topUpReminders,
} from './reminders.js';
import type { CalendarStore } from './store.js';
import {
  type BroadcastInfo,
  type BroadcastReport,
  type CalEvent,
  type EventInput,
  type EventPatch,
  type Subscription,
  TIMING_FIELDS,
} from './types.js';

/** Reminder deliveries of one lead time of an event (of one occurrence, for a series). */
export interface LeadStatus {
  lead: string;
  /** The occurrence (ISO): the event's start, or one start of a series. */
  occurrence: string;
  /** When the reminder is due (before each chat's quiet hours). */
  fireAt: string;
  /** The fan-out job is still waiting for its time. */
  pending: boolean;
  scheduled: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Per chat: `scheduled:<ISO>`, `sent`, `failed:<why>`, `skipped:<why>`. */
  chats: Record<string, string>;
}

/**
 * The campaign calendar, subscriptions, reminders and broadcasts. Every method is safe to call from
 * any process (bot, worker, CLI): work is queued in BullMQ and delivered by whichever process runs
 * the workers.
 */
export interface CalendarService {
  /** Events by start time. `from` (default: everything) filters on start; cancelled ones only when asked. */
  listEvents(opts?: { from?: Date; includeCancelled?: boolean }): Promise<CalEvent[]>;
  getEvent(id: string): Promise<CalEvent | null>;
  /** Create an event and schedule its reminders. With `input.id` it is idempotent (seed, import). */
  addEvent(input: EventInput, by?: string): Promise<CalEvent>;
  /** addEvent, also saying which reminders it scheduled (none: every lead time already past, or inactive). */
  addEventWithReminders(input: EventInput, by?: string): Promise<{ event: CalEvent; reminders: PlannedReminder[] }>;
  /** Change an event; reminders are rescheduled and subscribers told what changed. Null when unknown. */
  editEvent(id: string, patch: EventPatch, by: string): Promise<{ event: CalEvent; changed: boolean } | null>;
  /** Cancel an event (a whole series): pending reminders are removed and subscribers told. Null when unknown. */
  cancelEvent(id: string, by: string): Promise<CalEvent | null>;
  /**
   * Cancel one occurrence of a series (an exception date): its reminders are removed and subscribers
   * told. `day` is any time on the occurrence's day (local). Null when the event is unknown.
   */
  cancelOccurrence(
    id: string,
    day: Date,
    by: string,
  ): Promise<{ event: CalEvent; occurrence: string } | { error: 'not_series' | 'no_occurrence' | 'cancelled' } | null>;
  /** Schedule the reminders that came into the window of every active series (the daily top-up). */
  topUp(): Promise<{ series: number; planned: number }>;
  /** Subscribe a chat (group or DM) to reminders and broadcasts; tags like `district:滨湖`. */
  subscribe(
    conv: ConversationRef,
    tags?: string[],
    opts?: { quietHours?: string; by?: string; lang?: Lang },
  ): Promise<Subscription>;
  /** True when the chat was subscribed. */
  unsubscribe(conv: ConversationRef): Promise<boolean>;
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(conv: ConversationRef): Promise<Subscription | null>;
  /** The chats an event's reminders go to (its audience). */
  subscribersOf(eventId: string): Promise<Subscription[]>;
  /** How many chats a broadcast would reach. */
  previewBroadcast(text: string, tag?: string): Promise<{ recipients: number }>;
  /** Queue a broadcast; returns its id. Delivered by the workers (bot or `npm run worker`). */
  sendBroadcast(input: { text: string; tag?: string; by: string }): Promise<string>;
  /** Sent / failed (with why) / pending counts of a broadcast; null when unknown. */
  broadcastReport(id: string): Promise<(BroadcastReport & { info: BroadcastInfo }) | null>;
  /** Newest first. */
  listBroadcasts(limit?: number): Promise<BroadcastInfo[]>;
  /** Reminder deliveries of an event per lead time (scheduled / sent / failed). */
  deliveryStatus(eventId: string): Promise<LeadStatus[]>;
  /** Queue the report chase now (round 1 or 2; month defaults to last month). Returns the job id. */
  runChase(round: number, month?: string): Promise<string>;
}

export function createCalendarService(deps: Deps, store: CalendarStore, queues: Queues): CalendarService {
  const { redis, keys, config } = deps;
  const now = () => deps.clock.now();

  async function notify(before: CalEvent, after: CalEvent, occurrence?: string): Promise<void> {
    const audience = [...new Set([...before.audience, ...after.audience])];
    const data: NoticeJob = {
      eventId: after.id,
      rev: after.rev,
      before,
      after,
      audience: before.audience.length && after.audience.length ? audience : [],
    };
    if (occurrence) data.occurrence = occurrence;
    await queues.control.add('notice', data, { jobId: `ntc|${after.id}|${after.rev}` });
  }

  const service: CalendarService = {
    async listEvents(opts = {}) {
      const from = opts.from;
      const zone = config.TIMEZONE;
      // Series and month-only events started before `from` may still be on: read them all.
      const list = await store.listEvents();
      const nextOf = (e: CalEvent) =>
        e.rule && from ? (nextOccurrences(e, from, 1, zone)[0]?.toMillis() ?? null) : Date.parse(e.start);
      const keep = list.filter((e) => {
        if (e.status === 'cancelled' && !opts.includeCancelled) return false;
        if (from === undefined) return true;
        if (e.rule) return nextOf(e) !== null;
        if (!e.monthOnly && !e.allDay) return Date.parse(e.start) >= from.getTime();
        const last = DateTime.fromISO(e.end ?? e.start, { zone }).endOf(e.monthOnly ? 'month' : 'day');
        return last.toMillis() >= from.getTime();
      });
      const at = new Map(keep.map((e) => [e.id, nextOf(e) ?? 0]));
      return keep.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
    },

    getEvent: (id) => store.getEvent(id),

    async addEvent(input, by = 'system') {
      return (await service.addEventWithReminders(input, by)).event;
    },

    async addEventWithReminders(input, by = 'system') {
      const { event, created } = await store.createEvent(input, by, now());
      const reminders =
        created || event.status === 'active' ? await scheduleReminders(queues, event, config, now()) : [];
      return { event, reminders };
    },

    async editEvent(id, patch, by) {
      const before = await store.getEvent(id);
      if (!before) return null;
      const after: CalEvent = { ...before, ...patch, updatedAt: now().toISOString() };
      if (patch.monthOnly === false && before.monthOnly) delete after.end;
      if ('rule' in patch && !patch.rule) {
        delete after.rule;
        delete after.exdates;
      }
      for (const k of ['allDay', 'tz', 'place', 'description', 'end'] as const) if (!after[k]) delete after[k];
      for (const k of ['exdates', 'moved'] as const) if (!after[k]?.length) delete after[k];
      const changed =
        JSON.stringify({ ...before, updatedAt: '', rev: 0 }) !== JSON.stringify({ ...after, updatedAt: '', rev: 0 });
      if (!changed) return { event: before, changed: false };
      after.rev = before.rev + 1;
      delete after.seed;
      deps.logger.info({ event: id, by }, 'event edited');
      await store.putEvent(after);
      const timing = (e: CalEvent) => JSON.stringify(TIMING_FIELDS.map((f) => e[f] ?? null));
      if (timing(before) !== timing(after)) {
        await removeReminders(queues, before, config, now());
        await scheduleReminders(queues, after, config, now());
      }
      if (after.status === 'active') await notify(before, after);
      return { event: after, changed: true };
    },

    async cancelEvent(id, by) {
      const before = await store.getEvent(id);
      if (!before) return null;
      if (before.status === 'cancelled') return before;
      const after: CalEvent = { ...before, status: 'cancelled', rev: before.rev + 1, updatedAt: now().toISOString() };
      await store.putEvent(after);
      await removeReminders(queues, before, config, now());
      deps.logger.info({ event: id, by }, 'event cancelled');
      await notify(before, after);
      // A series takes its modified instances (imported RECURRENCE-IDs) with it.
      if (before.rule) {
        for (const child of await store.listEvents()) {
          if (child.seriesId === id && child.status === 'active') await service.cancelEvent(child.id, by);
        }
      }
      return after;
    },

    async cancelOccurrence(id, day, by) {
      const before = await store.getEvent(id);
      if (!before) return null;
      if (!before.rule) return { error: 'not_series' };
      if (before.status === 'cancelled') return { error: 'cancelled' };
      const zone = config.TIMEZONE;
      const d = DateTime.fromJSDate(day, { zone });
      const occ = nextOccurrences(before, d.startOf('day').toJSDate(), 1, zone)[0];
      if (!occ?.hasSame(d, 'day') || !isOccurrence(before, occ.toISO()!, zone)) return { error: 'no_occurrence' };
      const occurrence = occ.toISO()!;
      const after: CalEvent = {
        ...before,
        exdates: [...(before.exdates ?? []), occurrence],
        rev: before.rev + 1,
        updatedAt: now().toISOString(),
      };
      delete after.seed;
      await store.putEvent(after);
      const ms = occ.toMillis();
      await removeReminders(queues, before, config, now(), (r) => Date.parse(r.start) === ms);
      deps.logger.info({ event: id, occurrence, by }, 'occurrence cancelled');
      await notify(before, after, occurrence);
      return { event: after, occurrence };
    },

    topUp: async () => topUpReminders(queues, await store.listEvents(), config, now()),

    subscribe: (conv, tags = [], opts = {}) =>
      store.putSub(conv, [...new Set(tags)], opts.quietHours, opts.by ?? 'system', now(), opts.lang),
    unsubscribe: (conv) => store.removeSub(encodeConversationId(conv)),
    listSubscriptions: () => store.allSubs(),
    getSubscription: (conv) => store.getSub(encodeConversationId(conv)),

    async subscribersOf(eventId) {
      const e = await store.getEvent(eventId);
      return e ? store.subsForAudience(e.audience) : [];
    },

    async previewBroadcast(_text, tag) {
      return { recipients: await store.countForAudience(tag ? [tag] : []) };
    },

    async sendBroadcast({ text, tag, by }) {
      const id = `${now().getTime().toString(36)}${randomBytes(2).toString('hex')}`;
      const info: BroadcastInfo = {
        id,
        text,
        by,
        at: now().toISOString(),
        total: await store.countForAudience(tag ? [tag] : []),
      };
      if (tag) info.tag = tag;
      await redis
        .multi()
        .set(keys.broadcast(id), JSON.stringify(info))
        .zadd(keys.broadcasts(), now().getTime(), id)
        .exec();
      const data: BroadcastJob = { broadcastId: id };
      await queues.control.add('broadcast', data, { jobId: `bc|${id}` });
      deps.logger.info({ broadcast: id, by, tag }, 'broadcast queued');
      return id;
    },

    async broadcastReport(id) {
      const raw = await redis.get(keys.broadcast(id));
      if (!raw) return null;
      const info = JSON.parse(raw) as BroadcastInfo;
      const all = await redis.hgetall(keys.broadcastDeliveries(id));
      const delivered: string[] = [];
      const failed: { conv: string; reason: string }[] = [];
      for (const [conv, v] of Object.entries(all)) {
        const s = ledgerState(v);
        if (s === 'sent') delivered.push(conv);
        else if (s.startsWith('failed:')) failed.push({ conv, reason: s.slice(7) });
      }
      const total = Math.max(info.total, Object.keys(all).length);
      delivered.sort();
      const sent = delivered.length;
      return { info, total, sent, delivered, failed, pending: total - sent - failed.length };
    },

    async listBroadcasts(limit = 20) {
      const ids = await redis.zrevrange(keys.broadcasts(), 0, limit - 1);
      if (ids.length === 0) return [];
      const raws = await redis.mget(...ids.map((i) => keys.broadcast(i)));
      return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as BroadcastInfo);
    },

    async deliveryStatus(eventId) {
      const e = await store.getEvent(eventId);
      if (!e) return [];
      const all = await redis.hgetall(keys.eventDeliveries(eventId));
      const out: LeadStatus[] = [];
      for (const r of statusReminders(e, config, now())) {
        const job = await queues.control.getJob(r.jobId);
        const startMs = String(Date.parse(r.start));
        const st: LeadStatus = {
          lead: r.lead,
          occurrence: r.start,
          fireAt: r.fireAt.toISOString(),
          pending: job ? await job.isDelayed() : false,
          scheduled: 0,
          sent: 0,
          failed: 0,
          skipped: 0,
          chats: {},
        };
        for (const [field, v] of Object.entries(all)) {
          const [ms, lead, conv] = field.split(' ');
          if (ms !== startMs || lead !== r.lead || !conv) continue;
          st.chats[conv] = v;
          if (v.startsWith('scheduled')) st.scheduled++;
          else if (v.startsWith('sent')) st.sent++;
          else if (v.startsWith('failed')) st.failed++;
          else if (v.startsWith('skipped')) st.skipped++;
        }
        out.push(st);
      }
      return out;
    },

    runChase: (round, month) => queueChase(queues, now(), round, month),
  };
  return service;
}

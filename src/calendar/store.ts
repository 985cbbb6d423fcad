import type { Redis } from 'ioredis';
import { type ConversationRef, encodeConversationId, type Lang } from '../core/types.js';
import type { Keys } from '../store/keys.js';
import type { CalEvent, EventInput, Subscription } from './types.js';

/** Too many web chats subscribed by one identity (WEB_SUBS_PER_IDENTITY). */
export class SubscriptionCapError extends Error {
  constructor(readonly max: number) {
    super(`subscription cap: ${max}`);
  }
}

export interface WebSubLimits {
  /** Seconds a web chat's subscription lives unless renewed. */
  ttlS: number;
  perIdentity: number;
}

/** Events and subscriptions in Redis: one JSON string per record plus index sets. */
export function createCalendarStore(redis: Redis, keys: Keys, limits?: WebSubLimits) {
  async function getEvent(id: string): Promise<CalEvent | null> {
    const raw = await redis.get(keys.event(id));
    return raw ? (JSON.parse(raw) as CalEvent) : null;
  }

  async function putEvent(e: CalEvent): Promise<void> {
    await redis
      .multi()
      .set(keys.event(e.id), JSON.stringify(e))
      .zadd(keys.events(), Date.parse(e.start), e.id)
      .incr(keys.eventsVersion())
      .exec();
  }

  async function getSub(convId: string): Promise<Subscription | null> {
    const raw = await redis.get(keys.subscription(convId));
    return raw ? (JSON.parse(raw) as Subscription) : null;
  }

  /** The subscriptions of `ids`; ids whose record lapsed (web, WEB_SUB_TTL_DAYS) leave the index sets read. */
  async function subsByIds(ids: string[], tags: string[] = []): Promise<Subscription[]> {
    const out: Subscription[] = [];
    const gone: string[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const raws = await redis.mget(...chunk.map((c) => keys.subscription(c)));
      raws.forEach((r, j) => {
        if (r) out.push(JSON.parse(r) as Subscription);
        else gone.push(chunk[j]!);
      });
    }
    if (gone.length) {
      const m = redis.multi().srem(keys.subscriptions(), ...gone);
      for (const t of tags) m.srem(keys.subscriptionsByTag(t), ...gone);
      await m.exec();
    }
    return out;
  }

  /** Web chats are strangers' too: each identity subscribes a few, and each lapses unless renewed. */
  async function webCap(convId: string, by: string, max: number): Promise<boolean> {
    const key = keys.subscriptionsBy(by);
    const mine = await redis.smembers(key);
    if (mine.includes(convId)) return true;
    const live = mine.length ? await redis.mget(...mine.map((c) => keys.subscription(c))) : [];
    const lapsed = mine.filter((_, i) => !live[i]);
    if (lapsed.length) await redis.srem(key, ...lapsed);
    return mine.length - lapsed.length < max;
  }

  return {
    getEvent,
    putEvent,

    /** Create an event; with an explicit id only when it does not exist yet (seed, import). */
    async createEvent(input: EventInput, by: string, now: Date): Promise<{ event: CalEvent; created: boolean }> {
      const id = input.id ?? String(await redis.incr(keys.eventSeq()));
      const event: CalEvent = {
        id,
        title: input.title,
        start: input.start,
        monthOnly: input.monthOnly ?? false,
        audience: input.audience ?? [],
        status: 'active',
        rev: 1,
        createdBy: by,
        updatedAt: now.toISOString(),
      };
      if (input.end) event.end = input.end;
      if (input.place) event.place = input.place;
      if (input.description) event.description = input.description;
      if (input.leadTimes?.length) event.leadTimes = input.leadTimes;
      if (input.seed) event.seed = true;
      if (input.allDay) event.allDay = true;
      if (input.rule) event.rule = input.rule;
      if (input.exdates?.length) event.exdates = input.exdates;
      if (input.moved?.length) event.moved = input.moved;
      if (input.tz) event.tz = input.tz;
      if (input.uid) event.uid = input.uid;
      if (input.seriesId) event.seriesId = input.seriesId;
      if (input.recurrenceId) event.recurrenceId = input.recurrenceId;
      const ok = await redis.set(keys.event(id), JSON.stringify(event), 'NX');
      if (!ok) return { event: (await getEvent(id))!, created: false };
      await redis.multi().zadd(keys.events(), Date.parse(event.start), id).incr(keys.eventsVersion()).exec();
      return { event, created: true };
    },

    /** Events by start time (a series: its first occurrence), from `fromMs` on. */
    async listEvents(fromMs = Number.NEGATIVE_INFINITY): Promise<CalEvent[]> {
      const ids = await redis.zrangebyscore(
        keys.events(),
        fromMs === Number.NEGATIVE_INFINITY ? '-inf' : fromMs,
        '+inf',
      );
      if (ids.length === 0) return [];
      const raws = await redis.mget(...ids.map((i) => keys.event(i)));
      return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as CalEvent);
    },

    getSub,

    async putSub(
      conv: ConversationRef,
      tags: string[],
      quietHours: string | undefined,
      by: string,
      now: Date,
      lang?: Lang,
    ) {
      const convId = encodeConversationId(conv);
      const web = conv.channel === 'web' && limits !== undefined;
      if (web && !(await webCap(convId, by, limits.perIdentity))) throw new SubscriptionCapError(limits.perIdentity);
      const old = await getSub(convId);
      const sub: Subscription = { conv, convId, tags, by, at: now.toISOString() };
      if (quietHours) sub.quietHours = quietHours;
      if (lang) sub.lang = lang;
      const m = redis.multi().sadd(keys.subscriptions(), convId);
      if (web) {
        m.set(keys.subscription(convId), JSON.stringify(sub), 'EX', limits.ttlS);
        m.sadd(keys.subscriptionsBy(by), convId).expire(keys.subscriptionsBy(by), limits.ttlS);
      } else m.set(keys.subscription(convId), JSON.stringify(sub));
      for (const t of old?.tags ?? []) if (!tags.includes(t)) m.srem(keys.subscriptionsByTag(t), convId);
      for (const t of tags) m.sadd(keys.subscriptionsByTag(t), convId);
      await m.exec();
      return sub;
    },

    async removeSub(convId: string): Promise<boolean> {
      const old = await getSub(convId);
      if (!old) return false;
      const m = redis.multi().del(keys.subscription(convId)).srem(keys.subscriptions(), convId);
      for (const t of old.tags) m.srem(keys.subscriptionsByTag(t), convId);
      await m.exec();
      return true;
    },

    async allSubs(): Promise<Subscription[]> {
      return subsByIds(await redis.smembers(keys.subscriptions()));
    },

    /** Chats tagged with any of `tags`; every chat when `tags` is empty. */
    async subsForAudience(tags: string[]): Promise<Subscription[]> {
      if (tags.length === 0) return subsByIds(await redis.smembers(keys.subscriptions()));
      const ids = await redis.sunion(...tags.map((t) => keys.subscriptionsByTag(t)));
      return subsByIds(ids.sort(), tags);
    },

    /** Live subscriptions only: lapsed ids still in an index set are not counted (and leave it). */
    async countForAudience(tags: string[]): Promise<number> {
      if (tags.length === 0) return (await subsByIds(await redis.smembers(keys.subscriptions()))).length;
      const ids = await redis.sunion(...tags.map((t) => keys.subscriptionsByTag(t)));
      return (await subsByIds(ids.sort(), tags)).length;
    },

    /**
     * Remove lapsed subscriptions (web ones expire after WEB_SUB_TTL_DAYS) from every index set: all
     * subscriptions and each tag's. Reads clean only the sets they read, and a lapsed record no longer
     * says which tags it had, so the daily job sweeps them all and broadcasts never iterate dead ids.
     */
    async sweepSubs(): Promise<{ removed: number }> {
      const sets = new Set([keys.subscriptions()]);
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', keys.subscriptionsByTag('*'), 'COUNT', 1000);
        cursor = next;
        for (const f of found) sets.add(f);
      } while (cursor !== '0');
      let removed = 0;
      for (const set of sets) {
        let c = '0';
        do {
          const [next, ids] = await redis.sscan(set, c, 'COUNT', 1000);
          c = next;
          if (ids.length === 0) continue;
          const raws = await redis.mget(...ids.map((id) => keys.subscription(id)));
          const gone = ids.filter((_, i) => raws[i] === null);
          if (gone.length) removed += await redis.srem(set, ...gone);
        } while (c !== '0');
      }
      return { removed };
    },
  };
}

export type CalendarStore = ReturnType<typeof createCalendarStore>;

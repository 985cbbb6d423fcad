import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Keys } from '../store/keys.js';
import type { AskRecord, Vote, VoteRecord } from './types.js';

/** Asked questions and their votes are kept this long. */
export const ASK_TTL_S = 180 * 24 * 3600;
/** The review queue keeps at most this many entries (oldest dropped). */
export const QUEUE_MAX = 5000;
/** A short reason after 没用 is cut to this length. */
export const REASON_MAX = 200;

export type WeekCounter = 'answered' | 'refused' | 'curated' | 'up' | 'down';
export type WeekStats = Record<WeekCounter, number> & { week: string };

/** `2026-W48`, the ISO week of a time in the zone. */
export function isoWeek(at: Date, zone: string): string {
  const d = DateTime.fromJSDate(at, { zone });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** The `n` ISO weeks up to and including the one of `at`, oldest first. */
export function lastWeeks(at: Date, zone: string, n: number): string[] {
  const d = DateTime.fromJSDate(at, { zone });
  return Array.from({ length: n }, (_, i) => isoWeek(d.minus({ weeks: n - 1 - i }).toJSDate(), zone));
}

export function createFeedbackStore(redis: Redis, keys: Keys, zone: string) {
  const bump = (m: ReturnType<Redis['multi']>, at: Date, field: WeekCounter, by = 1) => {
    const key = keys.feedbackWeek(isoWeek(at, zone));
    m.hincrby(key, field, by).expire(key, 2 * 365 * 24 * 3600);
  };

  return {
    /** Keep one answered or refused question; refused and low-confidence ones go to the review queue. */
    async saveAsk(a: AskRecord): Promise<void> {
      const at = new Date(a.at);
      const m = redis.multi().set(keys.feedbackAsk(a.id), JSON.stringify(a), 'EX', ASK_TTL_S);
      bump(m, at, a.refused ? 'refused' : 'answered');
      if (a.pairId) bump(m, at, 'curated');
      if (!a.pairId && (a.refused || a.lowConfidence)) {
        m.zadd(keys.feedbackQueue(), at.getTime(), a.id).zremrangebyrank(keys.feedbackQueue(), 0, -QUEUE_MAX - 1);
      }
      await m.exec();
    },

    async ask(id: string): Promise<AskRecord | null> {
      const raw = await redis.get(keys.feedbackAsk(id));
      return raw ? (JSON.parse(raw) as AskRecord) : null;
    },

    async asks(ids: string[]): Promise<AskRecord[]> {
      if (ids.length === 0) return [];
      const raw = await redis.mget(...ids.map((id) => keys.feedbackAsk(id)));
      return raw.flatMap((r) => (r ? [JSON.parse(r) as AskRecord] : []));
    },

    /**
     * One person's vote on one answer; pressing again changes it (the week's counts follow).
     * A 没用 puts the answer in the review queue. Returns false when the answer is unknown (expired).
     */
    async vote(askId: string, who: string, v: VoteRecord): Promise<boolean> {
      const ask = await this.ask(askId);
      if (!ask) return false;
      const key = keys.feedbackVotes(askId);
      const before = await redis.hget(key, who);
      const prev = before ? (JSON.parse(before) as VoteRecord) : null;
      const at = new Date(v.at);
      const m = redis.multi().hset(key, who, JSON.stringify(v)).expire(key, ASK_TTL_S);
      if (prev?.vote !== v.vote) {
        bump(m, at, v.vote);
        if (prev) bump(m, new Date(prev.at), prev.vote, -1);
      }
      if (v.vote === 'down') m.zadd(keys.feedbackQueue(), at.getTime(), askId);
      await m.exec();
      return true;
    },

    /** Add the short reason to one person's 没用. */
    async reason(askId: string, who: string, reason: string): Promise<boolean> {
      const key = keys.feedbackVotes(askId);
      const raw = await redis.hget(key, who);
      if (!raw) return false;
      const v = JSON.parse(raw) as VoteRecord;
      v.reason = reason.slice(0, REASON_MAX);
      await redis.hset(key, who, JSON.stringify(v));
      return true;
    },

    async votes(askId: string): Promise<Record<string, VoteRecord>> {
      const all = await redis.hgetall(keys.feedbackVotes(askId));
      return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as VoteRecord]));
    },

    /** The review queue, newest first: ask ids with the time they joined it. */
    async queue(limit = 1000): Promise<{ id: string; at: number }[]> {
      const raw = await redis.zrevrange(keys.feedbackQueue(), 0, limit - 1, 'WITHSCORES');
      const out: { id: string; at: number }[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) out.push({ id: raw[i]!, at: Number(raw[i + 1]) });
      return out;
    },

    /** Take questions out of the queue (curated, or dismissed by staff). */
    async resolve(ids: string[]): Promise<void> {
      if (ids.length) await redis.zrem(keys.feedbackQueue(), ...ids);
    },

    async weeks(names: string[]): Promise<WeekStats[]> {
      const m = redis.multi();
      for (const w of names) m.hgetall(keys.feedbackWeek(w));
      const res = (await m.exec()) ?? [];
      return names.map((week, i) => {
        const h = (res[i]?.[1] ?? {}) as Record<string, string>;
        const n = (f: WeekCounter) => Number(h[f] ?? 0);
        return {
          week,
          answered: n('answered'),
          refused: n('refused'),
          curated: n('curated'),
          up: n('up'),
          down: n('down'),
        };
      });
    },
  };
}

export type FeedbackStore = ReturnType<typeof createFeedbackStore>;
export type { Vote };

import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';
import type { CuratedPair } from './types.js';

/** At most this many question wordings are kept on one pair. */
export const MAX_PAIR_QUESTIONS = 30;

/**
 * Curated question–answer pairs in Redis: the current version under curatedPair(id), every version
 * in curatedPairVersions(id), the ids in a zset. Visible to every replica and kept across restarts.
 */
export function createPairStore(redis: Redis, keys: Keys) {
  const save = async (p: CuratedPair): Promise<CuratedPair> => {
    await redis
      .multi()
      .set(keys.curatedPair(p.id), JSON.stringify(p))
      .rpush(keys.curatedPairVersions(p.id), JSON.stringify(p))
      .zadd(keys.curatedPairs(), new Date(p.at).getTime(), p.id)
      .exec();
    return p;
  };

  return {
    async get(id: string): Promise<CuratedPair | null> {
      const raw = await redis.get(keys.curatedPair(id));
      return raw ? (JSON.parse(raw) as CuratedPair) : null;
    },

    /** Every pair's current version, last changed first. */
    async all(): Promise<CuratedPair[]> {
      const ids = await redis.zrevrange(keys.curatedPairs(), 0, -1);
      if (ids.length === 0) return [];
      const raw = await redis.mget(...ids.map((id) => keys.curatedPair(id)));
      return raw.flatMap((r) => (r ? [JSON.parse(r) as CuratedPair] : []));
    },

    async versions(id: string): Promise<CuratedPair[]> {
      return (await redis.lrange(keys.curatedPairVersions(id), 0, -1)).map((r) => JSON.parse(r) as CuratedPair);
    },

    /** A new pair (version 1). */
    create(p: Omit<CuratedPair, 'version' | 'status'>): Promise<CuratedPair> {
      return save({ ...p, questions: p.questions.slice(0, MAX_PAIR_QUESTIONS), version: 1, status: 'active' });
    },

    /** The next version of a pair: changed fields, new author and time. Null when the pair is unknown. */
    async revise(
      id: string,
      change: Partial<Pick<CuratedPair, 'kind' | 'questions' | 'answer' | 'citations' | 'status'>>,
      author: string,
      at: string,
    ): Promise<CuratedPair | null> {
      const cur = await this.get(id);
      if (!cur) return null;
      const questions = [...new Set(change.questions ?? cur.questions)].slice(0, MAX_PAIR_QUESTIONS);
      return save({ ...cur, ...change, questions, id, version: cur.version + 1, author, at });
    },
  };
}

export type PairStore = ReturnType<typeof createPairStore>;

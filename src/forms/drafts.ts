import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';

/** One form in progress, as stored in Redis (compact JSON under keys.formDraft, with a TTL). */
export interface Draft {
  /** Form definition version the draft was written against. */
  v: number;
  /** Draft id: a submission is recorded once per id. */
  id: string;
  form: string;
  /** unit id (unit forms) or identity (person forms). */
  owner: string;
  values: Record<string, unknown>;
  skipped: string[];
  /** Field being asked; null = showing the summary, waiting for 确认提交. */
  cursor: string | null;
  /** Came here through 修改 from the summary: go back to it after this answer. */
  ret?: boolean;
  /** The report version being amended, when the period already had one. */
  amends?: number;
  at: string;
}

export interface DraftRef {
  form: string;
  conv: string;
  identity: string;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class BusyError extends Error {
  constructor() {
    super('form is busy');
    this.name = 'BusyError';
  }
}

export function newDraftId(): string {
  return randomBytes(6).toString('base64url');
}

/** Drafts and the per-person lock that makes each form step atomic across replicas. */
export function createDraftStore(redis: Redis, keys: Keys, ttlSeconds: number) {
  const draftKey = (r: DraftRef) => keys.formDraft(r.form, r.conv, r.identity);
  return {
    draftKey,
    ttlSeconds,
    async load(r: DraftRef): Promise<Draft | null> {
      const raw = await redis.get(draftKey(r));
      if (!raw) return null;
      try {
        return JSON.parse(raw) as Draft;
      } catch {
        return null;
      }
    },
    async save(r: DraftRef, d: Draft): Promise<void> {
      await redis
        .multi()
        .set(draftKey(r), JSON.stringify(d), 'EX', ttlSeconds)
        .set(keys.formActive(r.conv, r.identity), r.form, 'EX', ttlSeconds)
        .exec();
    },
    async remove(r: DraftRef): Promise<void> {
      await redis.del(draftKey(r), keys.formActive(r.conv, r.identity));
    },
    /** Which form this person is filling in this conversation, if any. */
    active(conv: string, identity: string): Promise<string | null> {
      return redis.get(keys.formActive(conv, identity));
    },
    /**
     * Run `fn` holding the person's form lock (SET NX PX, released only by its holder), so two
     * messages at once are applied one after the other. Throws BusyError after `waitMs`.
     */
    async withLock<T>(
      form: string,
      identity: string,
      holdMs: number,
      waitMs: number,
      fn: () => Promise<T>,
    ): Promise<T> {
      const key = keys.formLock(form, identity);
      const token = randomBytes(8).toString('hex');
      const deadline = Date.now() + waitMs;
      let delay = 5;
      while ((await redis.set(key, token, 'PX', holdMs, 'NX')) !== 'OK') {
        if (Date.now() > deadline) throw new BusyError();
        await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 100);
      }
      try {
        return await fn();
      } finally {
        await redis.eval(RELEASE, 1, key, token).catch(() => {});
      }
    },
  };
}

export type DraftStore = ReturnType<typeof createDraftStore>;

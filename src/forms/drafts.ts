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
  /** An implausible value waiting for 是/否 (src/forms/gate.ts); not in `values` until confirmed. */
  pend?: { k: string; v: number; c: number };
  /** Implausible values the officer confirmed, by field. */
  ok?: Record<string, number>;
  at: string;
}

export interface DraftRef {
  form: string;
  conv: string;
  identity: string;
}

const ACQUIRE = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return {1, redis.call('get', KEYS[2]) or ''} end return {0, ''}`;
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
    async remove(r: DraftRef): Promise<void> {
      await redis.del(draftKey(r), keys.formActive(r.conv, r.identity));
    },
    /** Which form this person is filling in this conversation, if any. */
    active(conv: string, identity: string): Promise<string | null> {
      return redis.get(keys.formActive(conv, identity));
    },
    /**
     * Lock the person's form and load the draft (one round trip: SET NX PX + GET in a script), run
     * `fn`, then store what it returns and unlock (one MULTI). Two messages at once are applied one
     * after the other; the lock is released only by its holder. Throws BusyError after `waitMs`.
     */
    async transact<T>(
      r: DraftRef,
      holdMs: number,
      waitMs: number,
      fn: (d: Draft | null) => Promise<{ out: T; draft: Draft | null | 'keep' }>,
    ): Promise<T> {
      const lock = keys.formLock(r.form, r.identity);
      const token = randomBytes(8).toString('hex');
      const deadline = Date.now() + waitMs;
      let delay = 5;
      let raw: string | null = null;
      for (;;) {
        const res = (await redis.eval(ACQUIRE, 2, lock, draftKey(r), token, holdMs)) as [number, string];
        if (res[0] === 1) {
          raw = res[1] || null;
          break;
        }
        if (Date.now() > deadline) throw new BusyError();
        await new Promise((ok) => setTimeout(ok, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 100);
      }
      let d: Draft | null = null;
      try {
        d = raw ? (JSON.parse(raw) as Draft) : null;
      } catch {
        d = null;
      }
      let result: { out: T; draft: Draft | null | 'keep' };
      try {
        result = await fn(d);
      } catch (err) {
        await redis.eval(RELEASE, 1, lock, token).catch(() => {});
        throw err;
      }
      const tx = redis.multi();
      if (result.draft === null) tx.del(draftKey(r), keys.formActive(r.conv, r.identity));
      else if (result.draft !== 'keep') {
        tx.set(draftKey(r), JSON.stringify(result.draft), 'EX', ttlSeconds);
        tx.set(keys.formActive(r.conv, r.identity), r.form, 'EX', ttlSeconds);
      }
      tx.eval(RELEASE, 1, lock, token);
      await tx.exec();
      return result.out;
    },
  };
}

export type DraftStore = ReturnType<typeof createDraftStore>;

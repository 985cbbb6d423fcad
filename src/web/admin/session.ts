import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../../store/keys.js';
import type { StaffLevel } from './staff.js';

/** Signed-in sessions last 12 hours (and end sooner when the account is removed or its password changes). */
export const SESSION_TTL_S = 12 * 3600;

export interface AdminSession {
  sid: string;
  /** Synchronizer token every POST must carry. */
  csrf: string;
  user?: string;
  level?: StaffLevel;
  /** The account's password stamp at sign-in (staff.ts): another stamp now = the session is over. */
  stamp?: string;
  createdAt: string;
  /** One-shot message shown on the next page (after a redirect). */
  flash?: string;
}

const token = (): string => randomBytes(32).toString('base64url');
const SID = /^[A-Za-z0-9_-]{43}$/;

export interface SessionStore {
  get(sid: string | undefined): Promise<AdminSession | null>;
  /** A fresh signed-in session: a new id, so a planted id is never promoted (session fixation). */
  signIn(user: string, level: StaffLevel, stamp: string): Promise<AdminSession>;
  setFlash(s: AdminSession, flash: string | undefined): Promise<void>;
  destroy(sid: string): Promise<void>;
}

export function createSessionStore(redis: Redis, keys: Keys, now: () => Date): SessionStore {
  const save = async (s: AdminSession, ttl: number) => {
    await redis.set(keys.adminSession(s.sid), JSON.stringify(s), 'EX', ttl);
  };
  return {
    async get(sid) {
      if (!sid || !SID.test(sid)) return null;
      const raw = await redis.get(keys.adminSession(sid));
      if (!raw) return null;
      try {
        return JSON.parse(raw) as AdminSession;
      } catch {
        return null;
      }
    },
    async signIn(user, level, stamp) {
      const s: AdminSession = { sid: token(), csrf: token(), user, level, stamp, createdAt: now().toISOString() };
      await save(s, SESSION_TTL_S);
      return s;
    },
    async setFlash(s, flash) {
      const next = { ...s };
      if (flash === undefined) delete next.flash;
      else next.flash = flash;
      // keep the session's remaining lifetime
      const ttl = await redis.ttl(keys.adminSession(s.sid));
      if (ttl > 0) await save(next, ttl);
    },
    async destroy(sid) {
      if (SID.test(sid)) await redis.del(keys.adminSession(sid));
    },
  };
}

/** Constant-time comparison of the submitted CSRF token with the session's. */
export function csrfMatches(session: AdminSession | null, submitted: unknown): boolean {
  if (!session || typeof submitted !== 'string' || submitted.length === 0) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The sign-in form's CSRF, stateless: a random nonce in the cookie, the form carries its HMAC under
 * the server's secret. A stranger's GET /admin/login stores nothing in Redis.
 */
export function newLoginNonce(): string {
  return token();
}

export function loginToken(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`admin-login:${nonce}`).digest('base64url');
}

export function loginTokenMatches(secret: string, nonce: string | undefined, submitted: unknown): boolean {
  if (!nonce || !SID.test(nonce) || typeof submitted !== 'string') return false;
  const a = Buffer.from(loginToken(secret, nonce));
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

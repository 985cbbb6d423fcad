import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Redis } from 'ioredis';
import type { Keys } from '../../store/keys.js';

/** Console accounts for union office staff. `admin` accounts may also change chat roles. */
export type StaffLevel = 'staff' | 'admin';

export interface StaffAccount {
  name: string;
  level: StaffLevel;
  createdAt: string;
}

export interface StaffStore {
  add(name: string, password: string, level?: StaffLevel): Promise<StaffAccount>;
  setPassword(name: string, password: string): Promise<boolean>;
  remove(name: string): Promise<boolean>;
  list(): Promise<StaffAccount[]>;
  /** The account when the password matches, otherwise null (same work either way). */
  verify(name: string, password: string): Promise<(StaffAccount & { stamp: string }) | null>;
  /** The account as it is now, with the stamp of its password (sessions re-check it every request). */
  current(name: string): Promise<(StaffAccount & { stamp: string }) | null>;
}

/** Changes with every password change: a session signed in with an older password is invalid. */
const stampOf = (hash: string) => createHash('sha256').update(hash).digest('hex').slice(0, 16);

export const STAFF_NAME = /^[\p{L}\p{N}_.-]{2,32}$/u;
export const MIN_PASSWORD = 10;
const ROUNDS = 11;
/** Compared against when the account does not exist, so timing does not reveal names. */
const DUMMY_HASH = bcrypt.hashSync('union-desk-dummy-password', ROUNDS);

export class StaffInputError extends Error {
  constructor(
    readonly code: 'bad_name' | 'weak_password' | 'exists',
    message: string,
  ) {
    super(message);
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD || password.length > 200) {
    throw new StaffInputError(
      'weak_password',
      `密码需 ${MIN_PASSWORD}–200 个字符 / password must be ${MIN_PASSWORD}-200 characters`,
    );
  }
}

export function createStaffStore(redis: Redis, keys: Keys, now: () => Date): StaffStore {
  const read = async (name: string) => {
    const h = await redis.hgetall(keys.staffAccount(name));
    return h['hash'] ? h : null;
  };
  const toAccount = (name: string, h: Record<string, string>): StaffAccount => ({
    name,
    level: h['level'] === 'admin' ? 'admin' : 'staff',
    createdAt: h['createdAt'] ?? '',
  });
  return {
    async add(name, password, level = 'staff') {
      if (!STAFF_NAME.test(name)) {
        throw new StaffInputError('bad_name', '账号名需 2–32 个字母、数字、_.- / name: 2-32 letters, digits, _ . -');
      }
      checkPassword(password);
      const hash = await bcrypt.hash(password, ROUNDS);
      const createdAt = now().toISOString();
      const ok = await redis.hsetnx(keys.staffAccount(name), 'hash', hash);
      if (!ok) throw new StaffInputError('exists', `账号已存在 / account exists: ${name}`);
      await redis.hset(keys.staffAccount(name), { level, createdAt });
      await redis.sadd(keys.staffAccounts(), name);
      return { name, level, createdAt };
    },
    async setPassword(name, password) {
      checkPassword(password);
      if (!(await read(name))) return false;
      await redis.hset(keys.staffAccount(name), 'hash', await bcrypt.hash(password, ROUNDS));
      return true;
    },
    async remove(name) {
      const n = await redis.del(keys.staffAccount(name));
      await redis.srem(keys.staffAccounts(), name);
      return n > 0;
    },
    async list() {
      const names = (await redis.smembers(keys.staffAccounts())).sort();
      const out: StaffAccount[] = [];
      for (const n of names) {
        const h = await read(n);
        if (h) out.push(toAccount(n, h));
      }
      return out;
    },
    async verify(name, password) {
      const h = STAFF_NAME.test(name) ? await read(name) : null;
      const ok = await bcrypt.compare(password.slice(0, 200), h?.['hash'] ?? DUMMY_HASH);
      return ok && h ? { ...toAccount(name, h), stamp: stampOf(h['hash']!) } : null;
    },
    async current(name) {
      const h = STAFF_NAME.test(name) ? await read(name) : null;
      return h ? { ...toAccount(name, h), stamp: stampOf(h['hash']!) } : null;
    },
  };
}

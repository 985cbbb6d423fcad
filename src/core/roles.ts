import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';

export const ROLES = ['worker', 'officer', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { worker: 0, officer: 1, staff: 2, admin: 3 };

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** Does `role` carry at least the rights of `needed`? (admin ⊃ staff ⊃ officer ⊃ worker) */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export interface RoleStore {
  get(identity: string): Promise<Role>;
  /** Setting `worker` (a demotion) also ends the identity's officer binding. */
  set(identity: string, role: Role): Promise<void>;
  list(): Promise<{ identity: string; role: Role }[]>;
  /** Make every ADMINS identity an admin (idempotent; never demotes anyone). */
  bootstrap(admins: string[]): Promise<void>;
}

/** Roles live in Redis (one hash), so every replica sees the same rights. */
export function createRoleStore(redis: Redis, keys: Keys): RoleStore {
  return {
    async get(identity) {
      const r = await redis.hget(keys.roleIndex(), identity);
      return r && isRole(r) ? r : 'worker';
    },
    async set(identity, role) {
      if (role !== 'worker') {
        await redis.hset(keys.roleIndex(), identity, role);
        return;
      }
      // A worker files for no unit: demotion ends the officer binding too.
      const unit = await redis.get(keys.officerUnit(identity));
      const tx = redis.multi().hdel(keys.roleIndex(), identity).del(keys.officerUnit(identity));
      if (unit) tx.srem(keys.unitOfficers(unit), identity);
      await tx.exec();
    },
    async list() {
      const all = await redis.hgetall(keys.roleIndex());
      return Object.entries(all)
        .filter((e): e is [string, Role] => isRole(e[1]))
        .map(([identity, role]) => ({ identity, role }));
    },
    async bootstrap(admins) {
      if (admins.length === 0) return;
      const pipe = redis.pipeline();
      for (const a of admins) pipe.hset(keys.roleIndex(), a, 'admin');
      await pipe.exec();
    },
  };
}

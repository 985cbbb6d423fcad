import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RoleStore } from '../core/roles.js';
import { hasRole } from '../core/roles.js';
import type { Keys } from '../store/keys.js';

export const UNIT_TYPES = ['企业', '事业单位', '机关', '社会团体', '其他'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export interface Unit {
  id: string;
  name: string;
  district: string;
  type: UnitType;
  highTrainingNeeds: boolean;
  createdAt: string;
}

const TYPE_WORDS: Record<string, UnitType> = {
  企业: '企业',
  公司: '企业',
  集团: '企业',
  工厂: '企业',
  enterprise: '企业',
  company: '企业',
  事业单位: '事业单位',
  事业: '事业单位',
  institution: '事业单位',
  机关: '机关',
  政府机关: '机关',
  agency: '机关',
  社会团体: '社会团体',
  团体: '社会团体',
  社团: '社会团体',
  association: '社会团体',
  其他: '其他',
  other: '其他',
};

export function parseUnitType(s: string): UnitType | null {
  return TYPE_WORDS[s.trim().toLowerCase()] ?? null;
}

export function parseBool(s: string | undefined): boolean | null {
  if (s === undefined) return null;
  const v = s.trim().toLowerCase();
  if (['是', '有', 'y', 'yes', 'true', '1', '高', '高培训需求'].includes(v)) return true;
  if (['否', '无', 'n', 'no', 'false', '0', '', '一般'].includes(v)) return false;
  return null;
}

/** Stable id from the name, so re-importing the same CSV updates rather than duplicates. */
export function unitIdFor(name: string): string {
  return `u${createHash('sha1').update(name.trim()).digest('hex').slice(0, 10)}`;
}

const INVITE_TTL_S = 14 * 24 * 3600;
const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The unit registry, officer bindings and one-time invite codes. */
export function createUnitStore(redis: Redis, keys: Keys, roles: RoleStore, now: () => Date) {
  async function getUnit(id: string): Promise<Unit | null> {
    const raw = await redis.get(keys.unit(id));
    return raw ? (JSON.parse(raw) as Unit) : null;
  }

  async function listUnits(): Promise<Unit[]> {
    const ids = Object.keys(await redis.hgetall(keys.units()));
    if (ids.length === 0) return [];
    const raws = await redis.mget(ids.map((id) => keys.unit(id)));
    return raws
      .filter((r): r is string => Boolean(r))
      .map((r) => JSON.parse(r) as Unit)
      .sort((a, b) => a.district.localeCompare(b.district, 'zh') || a.name.localeCompare(b.name, 'zh'));
  }

  async function upsertUnit(u: Omit<Unit, 'createdAt' | 'id'> & { id?: string }): Promise<Unit> {
    const id = u.id ?? unitIdFor(u.name);
    const old = await getUnit(id);
    const unit: Unit = {
      id,
      name: u.name.trim(),
      district: u.district.trim(),
      type: u.type,
      highTrainingNeeds: u.highTrainingNeeds,
      createdAt: old?.createdAt ?? now().toISOString(),
    };
    await redis.multi().set(keys.unit(id), JSON.stringify(unit)).hset(keys.units(), id, unit.name).exec();
    return unit;
  }

  /** By id, exact name, or a name fragment that matches exactly one unit. */
  async function findUnit(query: string): Promise<Unit | null | 'ambiguous'> {
    const q = query.trim();
    if (!q) return null;
    const byId = await getUnit(q);
    if (byId) return byId;
    const names = await redis.hgetall(keys.units());
    const exact = Object.entries(names).find(([, n]) => n === q);
    if (exact) return getUnit(exact[0]);
    const partial = Object.entries(names).filter(([, n]) => n.includes(q));
    if (partial.length === 1) return getUnit(partial[0]![0]);
    return partial.length > 1 ? 'ambiguous' : null;
  }

  async function bindOfficer(identity: string, unitId: string): Promise<void> {
    const old = await redis.get(keys.officerUnit(identity));
    const tx = redis.multi().set(keys.officerUnit(identity), unitId).sadd(keys.unitOfficers(unitId), identity);
    if (old && old !== unitId) tx.srem(keys.unitOfficers(old), identity);
    await tx.exec();
    if (!hasRole(await roles.get(identity), 'officer')) await roles.set(identity, 'officer');
  }

  /** End an officer's binding; an officer (not staff or admin) goes back to worker. The old unit id, or null. */
  async function unbindOfficer(identity: string): Promise<string | null> {
    const old = await redis.get(keys.officerUnit(identity));
    if ((await roles.get(identity)) === 'officer') await roles.set(identity, 'worker');
    else {
      const tx = redis.multi().del(keys.officerUnit(identity));
      if (old) tx.srem(keys.unitOfficers(old), identity);
      await tx.exec();
    }
    return old;
  }

  async function createInvite(unitId: string): Promise<string> {
    const bytes = randomBytes(8);
    const code = [...bytes].map((b) => INVITE_ALPHABET[b % INVITE_ALPHABET.length]).join('');
    await redis.set(keys.invite(code), unitId, 'EX', INVITE_TTL_S);
    return code;
  }

  /** Use a code once (GETDEL is atomic: two people racing for one code, one wins). */
  async function redeemInvite(code: string, identity: string): Promise<Unit | null> {
    const unitId = await redis.getdel(keys.invite(code.trim().toUpperCase()));
    if (!unitId) return null;
    const unit = await getUnit(unitId);
    if (!unit) return null;
    await bindOfficer(identity, unitId);
    return unit;
  }

  return {
    getUnit,
    listUnits,
    upsertUnit,
    findUnit,
    bindOfficer,
    unbindOfficer,
    unitOf: (identity: string) => redis.get(keys.officerUnit(identity)),
    officersOf: async (unitId: string) => (await redis.smembers(keys.unitOfficers(unitId))).sort(),
    createInvite,
    redeemInvite,
  };
}

export type UnitStore = ReturnType<typeof createUnitStore>;

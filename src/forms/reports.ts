import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';

export interface ReportVersion {
  version: number;
  data: Record<string, unknown>;
  by: string;
  at: string;
}

interface StoredVersion extends ReportVersion {
  /** The draft it came from: one submission per draft. */
  draft?: string;
}

export const ONCE = 'once';

/**
 * The next version, atomically. With a draft id (ARGV[1]) it is recorded only if that draft is still
 * stored under KEYS[1], which is then deleted with the active-form marker KEYS[2]; with '' there is
 * no draft (KEYS[1], KEYS[2] are not touched).
 */
const SUBMIT = `
local withDraft = ARGV[1] ~= ''
if withDraft then
  local raw = redis.call('get', KEYS[1])
  if not raw then return {0, redis.call('llen', KEYS[4])} end
  local ok, d = pcall(cjson.decode, raw)
  if not ok or d.id ~= ARGV[1] then return {0, redis.call('llen', KEYS[4])} end
end
local version = redis.call('llen', KEYS[4]) + 1
local rec = '{"version":' .. version .. ',"data":' .. ARGV[4] .. ',"by":' .. cjson.encode(ARGV[5]) ..
  ',"at":' .. cjson.encode(ARGV[6])
if withDraft then rec = rec .. ',"draft":' .. cjson.encode(ARGV[1]) end
rec = rec .. '}'
redis.call('set', KEYS[3], rec)
redis.call('rpush', KEYS[4], rec)
redis.call('sadd', KEYS[5], ARGV[2])
redis.call('sadd', KEYS[6], ARGV[3])
if withDraft then redis.call('del', KEYS[1], KEYS[2]) end
return {1, version}
`;

/** Submitted records: latest version per owner and period, every version kept with who and when. */
export function createReportStore(redis: Redis, keys: Keys) {
  async function get(form: string, owner: string, period: string): Promise<ReportVersion | null> {
    const raw = await redis.get(keys.report(form, owner, period));
    if (!raw) return null;
    const { draft: _d, ...v } = JSON.parse(raw) as StoredVersion;
    return v;
  }

  async function history(form: string, owner: string, period: string): Promise<ReportVersion[]> {
    const raws = await redis.lrange(keys.reportVersions(form, owner, period), 0, -1);
    return raws.map((r) => {
      const { draft: _d, ...v } = JSON.parse(r) as StoredVersion;
      return v;
    });
  }

  /**
   * Record a draft as the next version and delete the draft, atomically (one Lua script): if the
   * draft is gone or is another one, nothing is written, so a repeated 确认提交 is harmless.
   */
  async function submit(args: {
    form: string;
    owner: string;
    period: string;
    draftId: string;
    draftKey: string;
    activeKey: string;
    data: Record<string, unknown>;
    by: string;
    at: string;
  }): Promise<{ version: number; duplicate: boolean }> {
    const res = (await redis.eval(
      SUBMIT,
      6,
      args.draftKey,
      args.activeKey,
      keys.report(args.form, args.owner, args.period),
      keys.reportVersions(args.form, args.owner, args.period),
      keys.reportsByMonth(args.form, args.period),
      keys.reportMonths(args.form),
      args.draftId,
      args.owner,
      args.period,
      JSON.stringify(args.data),
      args.by,
      args.at,
    )) as [number, number];
    return { version: res[1], duplicate: res[0] === 0 };
  }

  /** Record already-validated data as the next version without any draft (same script, atomically). */
  async function record(args: {
    form: string;
    owner: string;
    period: string;
    data: Record<string, unknown>;
    by: string;
    at: string;
  }): Promise<ReportVersion> {
    const latest = keys.report(args.form, args.owner, args.period);
    // No draft: the two draft keys are placeholders the script leaves alone.
    const { version } = await submit({ ...args, draftId: '', draftKey: latest, activeKey: latest });
    return { version, data: args.data, by: args.by, at: args.at };
  }

  return {
    get,
    history,
    submit,
    record,
    /** Owners with a record for the period. */
    owners: (form: string, period: string) => redis.smembers(keys.reportsByMonth(form, period)),
    periods: async (form: string) => (await redis.smembers(keys.reportMonths(form))).sort(),
    /** Latest versions of many owners for one period, in order (null where none). */
    async many(form: string, owners: string[], period: string): Promise<(ReportVersion | null)[]> {
      if (owners.length === 0) return [];
      const raws = await redis.mget(owners.map((o) => keys.report(form, o, period)));
      return raws.map((r) => (r ? (JSON.parse(r) as ReportVersion) : null));
    },
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;

import type { Redis } from 'ioredis';
import { scanKeys } from './redis.js';

/**
 * Backups of the federation's records as versioned NDJSON: one header line, then one line per
 * Redis key of a durable record family (`DURABLE` in keys.ts), sorted by key. Keys are stored
 * without the deployment prefix, so a backup restores into any REDIS_PREFIX. Values are read by
 * type and written back the same way, so backup → wipe → restore → backup gives the same bytes.
 */
export const BACKUP_FORMAT = 'union-desk-backup';
export const BACKUP_SCHEMA = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  schema: number;
  createdAt: string;
  records: number;
}

type Value =
  | { t: 'string'; v: string }
  | { t: 'hash'; v: Record<string, string> }
  | { t: 'set'; v: string[] }
  | { t: 'zset'; v: [string, number][] }
  | { t: 'list'; v: string[] };

/** One key: name without prefix, its value, and when it expires (Unix ms; absent: never). */
export type BackupRecord = { k: string } & Value & { exp?: number };

const TYPES = new Set(['string', 'hash', 'set', 'zset', 'list']);
const SCAN_COUNT = 1000;

async function readValue(redis: Redis, key: string): Promise<Value | null> {
  const type = await redis.type(key);
  switch (type) {
    case 'string': {
      const v = await redis.get(key);
      return v === null ? null : { t: 'string', v };
    }
    case 'hash': {
      const h = await redis.hgetall(key);
      const sorted: Record<string, string> = {};
      for (const f of Object.keys(h).sort()) sorted[f] = h[f] as string;
      return { t: 'hash', v: sorted };
    }
    case 'set':
      return { t: 'set', v: (await redis.smembers(key)).sort() };
    case 'zset': {
      const flat = await redis.zrange(key, '0', '-1', 'WITHSCORES');
      const v: [string, number][] = [];
      for (let i = 0; i < flat.length; i += 2) v.push([flat[i] as string, Number(flat[i + 1])]);
      return { t: 'zset', v };
    }
    case 'list':
      return { t: 'list', v: await redis.lrange(key, 0, -1) };
    default:
      return null; // gone since the scan, or a type no record family uses
  }
}

/** Every key under `prefix` whose remainder matches one of the durable patterns, sorted. */
async function durableKeys(redis: Redis, prefix: string, patterns: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  // On every master (a Cluster's SCAN sees one node); the restore's MULTI touches one key.
  for (const pattern of patterns) {
    for await (const batch of scanKeys(redis, prefix + pattern, SCAN_COUNT)) for (const k of batch) found.add(k);
  }
  return [...found].sort();
}

async function readRecord(redis: Redis, prefix: string, key: string): Promise<BackupRecord | null> {
  const value = await readValue(redis, key);
  if (!value) return null;
  // PEXPIRETIME (Redis ≥ 7) gives the absolute expiry, so a later backup of the same key is identical.
  const exp = Number(await redis.call('PEXPIRETIME', key));
  const rec: BackupRecord = { k: key.slice(prefix.length), ...value };
  if (exp > 0) rec.exp = exp;
  return rec;
}

/** The backup as lines (header first), ready to be joined with '\n'. */
export async function backupLines(
  redis: Redis,
  prefix: string,
  patterns: readonly string[],
  now = new Date(),
): Promise<string[]> {
  const records: string[] = [];
  for (const key of await durableKeys(redis, prefix, patterns)) {
    const rec = await readRecord(redis, prefix, key);
    if (rec) records.push(JSON.stringify(rec));
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    schema: BACKUP_SCHEMA,
    createdAt: now.toISOString(),
    records: records.length,
  };
  return [JSON.stringify(header), ...records];
}

export class BackupFormatError extends Error {
  override name = 'BackupFormatError';
}

/** Parse and check a backup file's text: its header, schema version and every record's shape. */
export function parseBackup(
  text: string,
  patterns: readonly string[],
): { header: BackupHeader; records: BackupRecord[] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const first = lines[0];
  if (!first) throw new BackupFormatError('空文件 / empty file');
  let header: BackupHeader;
  try {
    header = JSON.parse(first) as BackupHeader;
  } catch {
    throw new BackupFormatError('第 1 行不是 JSON / line 1 is not JSON');
  }
  if (header.format !== BACKUP_FORMAT)
    throw new BackupFormatError(`不是工会助手备份 / not a Union Desk backup (format ${String(header.format)})`);
  if (!Number.isInteger(header.schema) || header.schema < 1)
    throw new BackupFormatError('备份版本无效 / invalid schema version');
  if (header.schema > BACKUP_SCHEMA)
    throw new BackupFormatError(
      `备份版本 ${header.schema} 比本程序支持的 ${BACKUP_SCHEMA} 新，请先升级 / backup schema ${header.schema} is newer than this program's ${BACKUP_SCHEMA}; upgrade first`,
    );
  const matchers = patterns.map(globToRegExp);
  const records = lines.slice(1).map((line, i) => {
    let rec: BackupRecord;
    try {
      rec = JSON.parse(line) as BackupRecord;
    } catch {
      throw new BackupFormatError(`第 ${i + 2} 行不是 JSON / line ${i + 2} is not JSON`);
    }
    if (
      typeof rec.k !== 'string' ||
      !TYPES.has(rec.t) ||
      !matchers.some((m) => m.test(rec.k)) ||
      (rec.exp !== undefined && !Number.isFinite(rec.exp))
    )
      throw new BackupFormatError(`第 ${i + 2} 行不是可恢复的记录 / line ${i + 2} is not a restorable record`);
    return rec;
  });
  if (records.length !== header.records)
    throw new BackupFormatError(
      `备份不完整：应有 ${header.records} 条，实有 ${records.length} 条 / truncated backup: ${records.length} of ${header.records} records`,
    );
  return { header, records };
}

function globToRegExp(glob: string): RegExp {
  const src = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`);
}

export interface RestoreReport {
  created: string[];
  changed: string[];
  unchanged: number;
  /** Records whose expiry had passed (invite codes): not written. */
  expired: number;
}

const sameValue = (a: BackupRecord | null, b: BackupRecord): boolean => {
  if (!a) return false;
  return JSON.stringify(a) === JSON.stringify(b);
};

/**
 * Write the records back: a key whose value already equals the backup's is left alone, so a
 * second restore changes nothing. Each changed key is replaced whole in one MULTI. `dryRun`
 * only reports what would change. Keys not in the backup are never touched; records that have
 * expired since the backup are skipped.
 */
export async function restoreRecords(
  redis: Redis,
  prefix: string,
  records: BackupRecord[],
  opts: { dryRun?: boolean; now?: number } = {},
): Promise<RestoreReport> {
  const { dryRun = false, now = Date.now() } = opts;
  const report: RestoreReport = { created: [], changed: [], unchanged: 0, expired: 0 };
  for (const rec of records) {
    if (rec.exp !== undefined && rec.exp <= now) {
      report.expired++;
      continue;
    }
    const key = prefix + rec.k;
    const current = await readRecord(redis, prefix, key);
    if (sameValue(current, rec)) {
      report.unchanged++;
      continue;
    }
    (current ? report.changed : report.created).push(rec.k);
    if (dryRun) continue;
    const m = redis.multi().del(key);
    switch (rec.t) {
      case 'string':
        m.set(key, rec.v);
        break;
      case 'hash':
        if (Object.keys(rec.v).length) m.hset(key, rec.v);
        break;
      case 'set':
        if (rec.v.length) m.sadd(key, ...rec.v);
        break;
      case 'zset':
        if (rec.v.length) m.zadd(key, ...rec.v.flatMap(([member, score]) => [score, member]));
        break;
      case 'list':
        if (rec.v.length) m.rpush(key, ...rec.v);
        break;
    }
    if (rec.exp !== undefined) m.pexpireat(key, rec.exp);
    await m.exec();
  }
  return report;
}

import { parseBackup, restoreRecords } from '../store/backup.js';
import { DURABLE } from '../store/keys.js';
import { checkCount, countOf, readCapped } from './caps.js';
import { parseFlags, withCliRedis } from './context.js';

/** `restore FILE [--dry-run]`: write a backup back, idempotently; refuses a newer schema. */
export async function run(argv: string[]): Promise<number> {
  const { flags, rest } = parseFlags(argv);
  const file = rest[0];
  if (!file) {
    process.stderr.write('用法 / usage: restore FILE.ndjson [--dry-run]\n');
    return 2;
  }
  let parsed: ReturnType<typeof parseBackup>;
  try {
    // The size before reading, the records (one a line, after the header) before parsing them.
    const text = (await readCapped(file, 'restore')).toString('utf8');
    checkCount(countOf(text.trimEnd(), '\n'), 'restore');
    parsed = parseBackup(text, DURABLE);
  } catch (err) {
    process.stderr.write(`无法恢复 / cannot restore: ${(err as Error).message}\n`);
    return 1;
  }
  const dryRun = flags['dry-run'] === true;
  return withCliRedis(async ({ redis, prefix }) => {
    const r = await restoreRecords(redis, prefix, parsed.records, { dryRun });
    for (const k of r.created) process.stdout.write(`+ ${k}\n`);
    for (const k of r.changed) process.stdout.write(`~ ${k}\n`);
    const [c, ch, u] = [r.created.length, r.changed.length, r.unchanged];
    if (r.expired)
      process.stdout.write(
        `已过期未恢复 ${r.expired} 条（邀请码等）/ ${r.expired} expired records skipped (invite codes)\n`,
      );
    process.stdout.write(
      dryRun
        ? `演练，未写入：将新建 ${c}、更新 ${ch}，不变 ${u} / dry run, nothing written: would create ${c}, change ${ch}; ${u} unchanged\n`
        : `新建 ${c}、更新 ${ch}、不变 ${u} / created ${c}, changed ${ch}, unchanged ${u}\n`,
    );
    return 0;
  });
}

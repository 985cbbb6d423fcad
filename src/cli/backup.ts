import { writeFileSync } from 'node:fs';
import { backupLines } from '../store/backup.js';
import { DURABLE } from '../store/keys.js';
import { parseFlags, withCliRedis } from './context.js';

/** `backup --out FILE`: every durable record as versioned NDJSON (FILE `-` writes to stdout). */
export async function run(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv);
  const out = flags['out'];
  if (typeof out !== 'string') {
    process.stderr.write('用法 / usage: backup --out FILE.ndjson   (FILE - for standard output)\n');
    return 2;
  }
  return withCliRedis(async ({ redis, prefix }) => {
    const lines = await backupLines(redis, prefix, DURABLE);
    const text = `${lines.join('\n')}\n`;
    if (out === '-') process.stdout.write(text);
    else {
      writeFileSync(out, text, { mode: 0o600 });
      process.stdout.write(
        `已备份 ${lines.length - 1} 条记录到 ${out} / backed up ${lines.length - 1} records to ${out}\n`,
      );
    }
    return 0;
  });
}

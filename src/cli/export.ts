import { writeFileSync } from 'node:fs';
import { toCsv, toXlsx } from '../forms/export.js';
import { MONTH_RE } from '../core/types.js';
import { parseFlags, withCliApp } from './context.js';

const USAGE =
  '用法 / usage: export --month 2026-10 [--format csv|xlsx] [--out FILE]   (CSV goes to stdout without --out)\n';

export async function run(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv);
  const month = flags['month'];
  const format = flags['format'] ?? 'csv';
  const out = flags['out'];
  if (typeof month !== 'string' || !MONTH_RE.test(month) || (format !== 'csv' && format !== 'xlsx') || out === true) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (format === 'xlsx' && typeof out !== 'string') {
    process.stderr.write(`xlsx 需要 --out 文件 / xlsx needs --out FILE\n${USAGE}`);
    return 2;
  }
  return withCliApp(async (app) => {
    const table = await app.services.forms.exportRows(month);
    if (format === 'xlsx') writeFileSync(out as string, await toXlsx(table, month));
    else if (typeof out === 'string') writeFileSync(out, toCsv(table, true));
    else process.stdout.write(toCsv(table));
    if (typeof out === 'string')
      process.stderr.write(`已导出 ${table.rows.length} 行 / exported ${table.rows.length} rows → ${out}\n`);
    return 0;
  });
}

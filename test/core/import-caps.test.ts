import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_CAPS } from '../../src/cli/caps.js';
import { run as calendarCli } from '../../src/cli/calendar.js';
import { run as restoreCli } from '../../src/cli/restore.js';
import { run as unitsCli } from '../../src/cli/units.js';
import { createFormsInternals } from '../../src/forms/service.js';
import { type TestApp, startTestApp, testRedisUrl } from '../helpers/app.js';

let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'ud-caps-'));
  // The in-process CLI commands open the app from the environment, like `npm run cli`.
  process.env['REDIS_URL'] = testRedisUrl();
  process.env['REDIS_PREFIX'] = t.config.REDIS_PREFIX;
  process.env['LOG_LEVEL'] = 'silent';
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Run a CLI module in this process, capturing stdout and stderr. */
async function inProcess(run: (argv: string[]) => Promise<number>, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => {
    stdout += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => {
    stderr += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await run(argv), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
/** A file of `bytes` bytes that takes no disk (sparse): the size is refused before anything is read. */
const sparse = (name: string, bytes: number) => {
  const p = file(name, '');
  truncateSync(p, bytes);
  return p;
};

const vevent = (i: number) =>
  `BEGIN:VEVENT\r\nUID:cap-${i}@example.org\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:20300615T060000Z\r\nSUMMARY:活动 ${i}\r\nEND:VEVENT\r\n`;
const ics = (n: number) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n${Array.from({ length: n }, (_, i) => vevent(i)).join('')}END:VCALENDAR\r\n`;

describe('CLI import caps', () => {
  it('calendar import: a file over the size cap is refused unread, in zh and en', async () => {
    const r = await inProcess(calendarCli, ['import', sparse('big.ics', IMPORT_CAPS.ics.bytes + 1)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('文件过大');
    expect(r.stderr).toContain('file too large');
  });

  it('calendar import: more events than the cap are refused and none is written', async () => {
    const before = (await t.app.services.calendar.listEvents({ includeCancelled: true })).length;
    const r = await inProcess(calendarCli, ['import', file('many.ics', ics(IMPORT_CAPS.ics.records + 1))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('记录过多');
    expect(r.stderr).toContain(`too many events: ${IMPORT_CAPS.ics.records + 1}`);
    expect(await t.app.services.calendar.listEvents({ includeCancelled: true })).toHaveLength(before);
    // Within the cap the same file imports.
    const ok = await inProcess(calendarCli, ['import', file('few.ics', ics(3))]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ added: 3 });
  });

  it('units import: too many rows and too large a file are refused and nothing is written', async () => {
    const before = (await createFormsInternals(t.app.deps, null).units.listUnits()).length;
    const rows = Array.from({ length: IMPORT_CAPS.units.records + 1 }, (_, i) => `单位${i},梁溪区,企业,否`);
    const many = await inProcess(unitsCli, ['import', file('units.csv', `名称,区,类型,高培训需求\n${rows.join('\n')}\n`)]);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('记录过多');
    expect(many.stderr).toContain('too many unit rows');
    const big = await inProcess(unitsCli, ['import', sparse('units-big.csv', IMPORT_CAPS.units.bytes + 1)]);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('file too large');
    expect(await createFormsInternals(t.app.deps, null).units.listUnits()).toHaveLength(before);
  });

  it('restore: too many records and too large a file are refused before parsing', async () => {
    const header = JSON.stringify({ format: 'union-desk-backup', schema: 1, createdAt: '2030-01-01', records: 0 });
    const line = JSON.stringify({ k: 'roles', t: 'hash', v: { 'web:x': 'admin' } });
    const body = `${header}\n${`${line}\n`.repeat(IMPORT_CAPS.restore.records + 1)}`;
    const many = await inProcess(restoreCli, [file('many.ndjson', body), '--dry-run']);
    expect(many.code).toBe(1);
    expect(many.stderr).toContain('记录过多');
    expect(many.stderr).toContain('too many records');
    const big = await inProcess(restoreCli, [sparse('big.ndjson', IMPORT_CAPS.restore.bytes + 1), '--dry-run']);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('文件过大');
    expect(big.stderr).toContain('file too large');
  });
});

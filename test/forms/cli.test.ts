import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../../src/forms/import-units.js';
import { deleteByPrefix } from '../../src/store/redis.js';
import { testRedis, testRedisUrl, uniquePrefix } from '../helpers/app.js';

const prefix = uniquePrefix('forms-cli');
const dir = mkdtempSync(path.join(tmpdir(), 'forms-cli-'));

/** The real CLI entry in a child process (slow to boot: used once, to check stdout carries only the output). */
function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/index.ts', ...args],
      { env: { ...process.env, REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const modules: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  units: () => import('../../src/cli/units.js'),
  officer: () => import('../../src/cli/officer.js'),
  export: () => import('../../src/cli/export.js'),
};

/** A CLI command module run in this process against the test Redis, stdout and stderr captured. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [name, ...argv] = args;
  const saved = { url: process.env['REDIS_URL'], prefix: process.env['REDIS_PREFIX'], level: process.env['LOG_LEVEL'] };
  Object.assign(process.env, { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' });
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    stdout += String(c);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    stderr += String(c);
    return true;
  });
  try {
    const code = await (await modules[name!]!()).run(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of [
      ['REDIS_URL', saved.url],
      ['REDIS_PREFIX', saved.prefix],
      ['LOG_LEVEL', saved.level],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

afterAll(async () => {
  const r = testRedis();
  await deleteByPrefix(r, prefix);
  r.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('CSV parsing', () => {
  it('handles quotes, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\ufeff名称,区\r\n"无锡,一棉",梁溪区\r\n"说""好""的",x\n')).toEqual([
      ['名称', '区'],
      ['无锡,一棉', '梁溪区'],
      ['说"好"的', 'x'],
    ]);
  });
});

describe('npm run cli -- units / officer / export', () => {
  it('imports units (GBK too), binds an officer and exports the month', async () => {
    const csv = path.join(dir, 'units.csv');
    writeFileSync(
      csv,
      iconv.encode(
        '名称,区,类型,高培训需求\n无锡一棉,梁溪区,企业,是\n市图书馆,梁溪区,事业单位,否\n坏行,滨湖区,外星,否\n',
        'gbk',
      ),
    );
    const imp = await cli(['units', 'import', csv]);
    expect(imp.stdout).toContain('导入 2 个单位');
    expect(imp.stderr).toContain('第 4 行');
    expect(imp.code).toBe(1);

    const list = await cli(['units', 'list']);
    expect(list.stdout).toMatch(/无锡一棉\t梁溪区\t企业\t是/);

    const off = await cli(['officer', 'add', 'telegram:42', '新单位']);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('telegram:42');
    expect(off.stderr).toContain('新单位');
    expect((await cli(['officer', 'add', 'bob', 'x'])).code).toBe(2);

    const exp = await spawnCli(['export', '--month', '2026-10', '--format', 'csv']);
    expect(exp.code).toBe(0);
    const lines = exp.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^单位,所在区,单位类型,高培训需求,月份,填报状态,本月新建学习型班组/);
    expect(lines).toHaveLength(4);
    expect(exp.stdout).toContain('无锡一棉,梁溪区,企业,是,2026-10,未提交');

    const out = path.join(dir, 'r.xlsx');
    expect((await cli(['export', '--month', '2026-10', '--format', 'xlsx', '--out', out])).code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const bad = await cli(['export', '--month', '2026-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--month 2026-10');
  }, 60_000);
});

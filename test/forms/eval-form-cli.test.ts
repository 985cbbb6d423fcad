import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/eval-form.js';

const dir = mkdtempSync(path.join(tmpdir(), 'eval-form-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function evalForm(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  try {
    return { code: await run(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('cli eval-form', () => {
  const file = path.join(dir, 'set.jsonl');
  writeFileSync(
    file,
    [
      {
        id: 'p1',
        text: '上月培训3场，参训90人次，其中农民工20人。',
        expect: { 报告月份: '2026-11', 培训场次: 3, 培训人次: 90, 进城务工人员培训人数: 20 },
      },
      {
        id: 'p2',
        text: '新建学习型班组2个，累计10个，车间有300名职工。',
        expect: { 本月新建学习型班组: 2, 累计学习型班组: 10 },
      },
      { id: 'p3', text: '教育经费占工资总额1.8%，学习型工会推进中。', expect: { 职工教育经费占工资总额比例: 1.8 } },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n'),
  );

  it('prints stated, filled, wrong, missed and recall by field, and the wrong fills', async () => {
    const r = await evalForm([file, '--now', '2026-12-15T04:00:00Z', '--errors']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/stated\s+filled\s+wrong\s+missed\s+recall\s+field/);
    expect(r.out).toMatch(/\s1\s+1\s+0\s+0\s+1\.000\s+培训场次/);
    expect(r.out).toMatch(/\s0\s+1\s+1\s+0\s+1\.000\s+学习型工会创建/);
    expect(r.out).toMatch(/\s7\s+8\s+1\s+0\s+1\.000\s+\(all fields\)/);
    expect(r.out).toContain('✗ p3 学习型工会创建: expected undefined, got "推进中"');
  });

  it('cross-validates with --cv, and says how to call it when the file is missing', async () => {
    const cv = await evalForm([file, '--now', '2026-12-15T04:00:00Z', '--cv', '--folds', '3']);
    expect(cv.out).toContain('3-fold cross-validated');
    expect(cv.out).toContain('(all fields)');
    const bad = await evalForm([]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('usage: eval-form');
  });

  it('the checked-in weights are a fitted grid point', () => {
    const w = JSON.parse(readFileSync('src/forms/fill-weights.json', 'utf8')) as Record<string, number>;
    expect(Object.keys(w).sort()).toEqual([
      'clause',
      'decay',
      'lead',
      'margin',
      'named',
      'near',
      'tail',
      'topic',
      'unit',
    ]);
  });
});

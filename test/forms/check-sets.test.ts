import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { recall, scoreFill } from '../../src/forms/fit.js';

const env = { now: new Date('2026-12-15T04:00:00Z'), tz: 'Asia/Shanghai' };
const read = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string; expect: Record<string, unknown> });

/**
 * Three paragraph sets written by people who never saw the code (test/fixtures/forms/README.md). Each
 * was scored blind once, then used to find kinds of failure; they now guard against those kinds coming back.
 */
describe.each([
  ['check-set-1', 0.95],
  ['check-set-2', 0.95],
  ['check-set-3', 0.92],
])('officers’ paragraphs written without seeing the code (%s)', (name, minRecall) => {
  it('files no wrong number and most stated ones', () => {
    const s = scoreFill(monthlyReport, read(`test/fixtures/forms/${name}.jsonl`), env.now, env.tz);
    expect(s.errors.filter((e) => e.got !== undefined)).toEqual([]);
    expect(s.total.wrong).toBe(0);
    expect(recall(s.total)).toBeGreaterThanOrEqual(minRecall);
  });
});

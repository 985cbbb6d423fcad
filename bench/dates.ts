/**
 * `npm run bench -- dates`: date finding (src/calendar/dates.ts) on adversarial inputs of 10,000
 * and 100,000 characters (the most MAX_INPUT_CHARS allows): runs of spaces, of digits, of date
 * anchors that never make a date, and prose without dates. chrono-node alone grows quadratically on
 * spaces and digits (100,000 spaces: ~18 s on the development machine), so findDate hands it only a
 * short window after each anchor; the 100k/10k ratio shows the growth (≈ 10 = linear).
 * Ends with one JSON line.
 */
import { findDate } from '../src/calendar/dates.js';

const now = new Date('2026-05-12T02:00:00Z');
const make: [string, (n: number) => string][] = [
  ['spaces', (n) => `${' '.repeat(n)}演讲比赛 6月15日下午2点 市工人文化宫`],
  // The old hand-written TIME pattern (`\s*` period `\s*`) backtracked quadratically here: 20,000 spaces took 2 s.
  ['today+spaces', (n) => `今天${' '.repeat(n)}x`],
  ['digits', (n) => '6'.repeat(n)],
  ['anchors', (n) => '13月'.repeat(Math.floor(n / 3))],
  ['prose', (n) => '职工书屋读书分享'.repeat(Math.floor(n / 8))],
];

const best = (f: () => unknown): number => {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

export async function run(): Promise<void> {
  const out: Record<string, number> = {};
  for (const [name, gen] of make) {
    const small = gen(10_000);
    const large = gen(100_000);
    const a = best(() => findDate(small, now, 'Asia/Shanghai'));
    const b = best(() => findDate(large, now, 'Asia/Shanghai'));
    process.stdout.write(
      `${name.padEnd(13)} 10k chars ${r2(a)} ms   100k chars ${r2(b)} ms   ratio ${r2(b / Math.max(a, 0.01))}\n`,
    );
    out[`${name.replace('+', '_')}_100k_ms`] = r2(b);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

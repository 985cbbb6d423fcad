/**
 * `npm run bench -- redos`: every parser that reads user text (or uploaded documents, or a model's
 * reply), on hostile inputs of 10,000 and 100,000 characters (the most MAX_INPUT_CHARS allows) built
 * from the attack strings a ReDoS checker (recheck) found for the regexes in src/: long runs of
 * punctuation, spaces, tabs, digits, brackets and list words that never complete a match.
 *
 * The linear baseline is measured in the same run: ten times the 10k time (what a linear parser
 * takes on 100k). `ratio` = 100k time / that baseline: ≈ 1 is linear, ≈ 10 is quadratic. A plain
 * character scan of the same 100k input (`scan`) is printed too, for scale. Ends with one JSON line.
 */
import { findDate } from '../src/calendar/dates.js';
import { parseEventAdd } from '../src/calendar/parse-event.js';
import { findRule } from '../src/calendar/parse-rule.js';
import { plainText } from '../src/channels/slack/parse.js';
import { leadOf } from '../src/feedback/service.js';
import { parseYesNo } from '../src/forms/answers.js';
import { monthlyReport } from '../src/forms/definitions/index.js';
import { extractByRules } from '../src/forms/extract.js';
import { parseIntent } from '../src/forms/intents.js';
import { paragraphMonth } from '../src/forms/month.js';
import { findNumbers, parseQuantity } from '../src/forms/numbers.js';
import { asData } from '../src/qa/answer-llm.js';
import { parseIds } from '../src/qa/llm-rerank.js';
import { parseDoc } from '../src/qa/parse-doc.js';
import { parseLaw } from '../src/qa/parse-law.js';

const now = new Date('2026-05-12T02:00:00Z');
const tz = 'Asia/Shanghai';
const env = { now, tz, lang: 'zh' as const };

/** `unit` repeated to n characters, then `tail`. */
const rep = (unit: string, n: number, tail = '', head = '') =>
  head + unit.repeat(Math.max(1, Math.floor((n - head.length - tail.length) / unit.length))) + tail;

type Case = [name: string, gen: (n: number) => string, f: (s: string) => unknown];

const cases: Case[] = [
  // forms: numbers (TRAILING was quadratic here), yes/no, intents, paragraph reading, month
  ['quantity !…左', (n) => rep('!', n, '左'), parseQuantity],
  ['quantity 。…x', (n) => rep('。', n, 'x'), parseQuantity],
  ['quantity 12人!…', (n) => rep('!', n, '', '12人'), parseQuantity],
  ['numbers digits', (n) => rep('6', n), findNumbers],
  ['yes/no !…x!', (n) => rep('!', n, 'x!'), parseYesNo],
  ['intent !…x!', (n) => rep('!', n, 'x!'), parseIntent],
  ['extract tabs', (n) => rep('\t', n, 'x'), (s) => extractByRules(monthlyReport, s, env)],
  ['extract =', (n) => rep(' ', n, '=x'), (s) => extractByRules(monthlyReport, s, env)],
  ['extract ×', (n) => rep(' ', n, 'x', 'a'), (s) => extractByRules(monthlyReport, s, env)],
  ['extract 各', (n) => rep('跟各级还跟有与', n, '，', '有'), (s) => extractByRules(monthlyReport, s, env)],
  ['extract 余', (n) => rep(' 余', n, 'x', '3人'), (s) => extractByRules(monthlyReport, s, env)],
  ['extract prose', (n) => rep('本月新建班组3个，培训两场共一百二十人次，', n), (s) => extractByRules(monthlyReport, s, env)],
  ['month 月份 tabs', (n) => rep('\t', n, '月', '月份'), (s) => paragraphMonth(s, now, tz)],
  // calendar
  ['date spaces', (n) => rep(' ', n, '演讲比赛 6月15日下午2点'), (s) => findDate(s, now, tz)],
  ['date today+spaces', (n) => rep(' ', n, 'x', '今天'), (s) => findDate(s, now, tz)],
  ['date anchors', (n) => rep('13月', n), (s) => findDate(s, now, tz)],
  ['event add spaces', (n) => rep(' ', n, 'x', '演讲比赛 明天 '), (s) => parseEventAdd(s, now, tz)],
  ['rule 每 spaces', (n) => rep(' ', n, 'x', '每'), (s) => findRule(s, now, tz)],
  // channels and feedback
  ['slack <http:<', (n) => rep('<http:<', n), (s) => plainText(s, 'U1')],
  ['slack <#CC|<', (n) => rep('<#CC|<', n), (s) => plainText(s, 'U1')],
  ['feedback tabs', (n) => rep('\t', n, '\n', 'x'), leadOf],
  // qa: the prompt's data quoting, the model's rerank reply, uploaded documents (one long line)
  ['asData ‹', (n) => rep('‹', n, '<<'), asData],
  ['asData <x', (n) => rep('<x', n), asData],
  ['rerank ids', (n) => rep('0\t\t', n, ',', '0,'), (s) => parseIds(s, 5)],
  ['doc 0. tabs', (n) => rep('\t', n, '\u2028', '0.'), (s) => parseDoc('d', [s])],
  ['doc (0) tabs', (n) => rep('\t', n, '\u2028', '(0)'), (s) => parseDoc('d', [s])],
  ['doc 附件 tabs', (n) => rep('\t', n, '\u2028', '附件一'), (s) => parseDoc('d', [s])],
  ['law 第一条 tabs', (n) => rep('\t', n, '\u2028', '第一条'), (s) => parseLaw('d', ['第一条 x', s])],
  ['law # tabs', (n) => rep('\t', n, '\u2028', '#'), (s) => parseLaw('d', ['第一条 x', s])],
];

function time(f: () => unknown, runs: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}
const r2 = (x: number) => Math.round(x * 100) / 100;

function scan(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) k += s.charCodeAt(i) & 1;
  return k;
}

export async function run(argv: string[] = []): Promise<void> {
  const only = argv[0];
  const out: Record<string, number> = {};
  let worst = 0;
  for (const [name, gen, f] of cases) {
    if (only && !name.includes(only)) continue;
    const small = gen(10_000);
    const large = gen(100_000);
    const a = time(() => f(small), 5);
    if (a > 3000) {
      // 100× this (quadratic) would stall the run for minutes: say so instead.
      process.stdout.write(`${name.padEnd(20)} 10k ${r2(a)} ms   100k skipped (quadratic would take ~${r2(a / 10)} s)\n`);
      out[`${name.replace(/[^\w]+/g, '_')}_10k_ms`] = r2(a);
      worst = Math.max(worst, 10);
      continue;
    }
    // A quadratic parser takes seconds on 100k: time it once.
    const b = time(() => f(large), a > 5 ? 1 : 3);
    const base = Math.max(10 * a, 0.05);
    const ratio = b / base;
    worst = Math.max(worst, ratio);
    const c = time(() => scan(large), 3);
    process.stdout.write(
      `${name.padEnd(20)} 10k ${r2(a).toString().padStart(8)} ms   100k ${r2(b).toString().padStart(9)} ms   linear baseline ${r2(base).toString().padStart(8)} ms   ratio ${r2(ratio).toString().padStart(6)}   scan ${r2(c)} ms\n`,
    );
    out[`${name.replace(/[^\w]+/g, '_')}_100k_ms`] = r2(b);
  }
  process.stdout.write(`worst ratio ${r2(worst)} (≈1 linear, ≈10 quadratic)\n`);
  out['worst_ratio'] = r2(worst);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

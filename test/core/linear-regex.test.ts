import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/channels/slack/parse.js';
import { parseYesNo } from '../../src/forms/answers.js';
import { parseIntent } from '../../src/forms/intents.js';
import { normalizeParagraph } from '../../src/forms/normalize.js';
import { parseQuantity, stripTrailing } from '../../src/forms/numbers.js';
import { parseIds } from '../../src/qa/llm-rerank.js';
import { parseText } from '../../src/qa/load.js';

/**
 * The regexes rewritten to run in linear time (bench/redos.ts times them on 100,000-character
 * hostile inputs) read the same as before. The old patterns are kept here as the reference.
 */
const OLD_TRAILING = /(?:左右|上下|整|多)?[。.!！~～]*$/;

/** Every string up to `len` characters over `alphabet` (small, so all are tried). */
function* strings(alphabet: string[], len: number): Generator<string> {
  if (len === 0) {
    yield '';
    return;
  }
  yield* strings(alphabet, len - 1);
  const walk = function* (prefix: string, left: number): Generator<string> {
    if (left === 0) {
      yield prefix;
      return;
    }
    for (const a of alphabet) yield* walk(prefix + a, left - 1);
  };
  yield* walk('', len);
}

describe('linear rewrites read as the old patterns did', () => {
  it('stripTrailing = the old TRAILING pattern, on every short string of its characters', () => {
    let n = 0;
    for (const s of strings(['左', '右', '多', '整', '。', '!', '～', '3', '人'], 5)) {
      expect(stripTrailing(s), JSON.stringify(s)).toBe(s.replace(OLD_TRAILING, ''));
      n++;
    }
    expect(n).toBeGreaterThan(60_000);
  });

  it('quantities, yes/no and intents with closing marks', () => {
    expect(parseQuantity('12人左右。')).toEqual({ value: 12, percent: false, unit: '人' });
    expect(parseQuantity('约 3 场!!')).toEqual({ value: 3, percent: false, unit: '场' });
    expect(parseQuantity(`${'!'.repeat(50)}左`)).toBeNull();
    expect(parseYesNo('是的！！。')).toBe(true);
    expect(parseYesNo('否。')).toBe(false);
    expect(parseIntent('取消～～ ')).toEqual({ kind: 'cancel' });
  });

  it('key=value and ×N in paragraphs', () => {
    expect(normalizeParagraph('培训场次 = 6')).toBe('培训场次：6');
    expect(normalizeParagraph('skill contest  x 2')).toContain('2次');
  });

  it('Slack links and channels, unclosed `<` left as typed', () => {
    expect(plainText('see <https://a.example/x|the doc> and <https://b.example> in <#C123|general>', null)).toBe(
      'see the doc and https://b.example in #general',
    );
    expect(plainText('<http:<http:<https://a.example|ok>', null)).toBe('<http:<http:ok');
  });

  it('re-rank ids: lists of numbers only', () => {
    expect(parseIds('3, 1，7', 9)).toEqual([3, 1, 7]);
    expect(parseIds('[2 5]', 9)).toEqual([2, 5]);
    expect(parseIds('3,', 9)).toBeNull();
    expect(parseIds('I pick 3', 9)).toBeNull();
    expect(parseIds(`0,${'0\t\t'.repeat(40)},`, 9)).toBeNull();
  });

  it('document items and articles keep their text', () => {
    const doc = parseText('d', '标题\n一、总则\n1. 第一项 内容\n（2） 第二项\n附件一： 表格');
    expect(doc.passages[0]).toMatchObject({ locator: '一、1(2)', heading: '总则 第一项 内容', text: '第二项' });
    const law = parseText('l', '某某法\n第一条  为了保护劳动者的合法权益，制定本法。\n第二条 本法适用于境内。');
    const first = law.passages.find((p) => p.locator === '第一条');
    expect(first?.text).toBe('为了保护劳动者的合法权益，制定本法。');
    expect(law.passages.some((p) => p.locator === '第二条')).toBe(true);
  });
});

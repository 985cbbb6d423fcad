import { describe, expect, it } from 'vitest';
import { parseChineseInt } from '../../src/core/zh-numerals.js';

describe('parseChineseInt', () => {
  it.each([
    ['三', 3],
    ['两', 2],
    ['十', 10],
    ['十一', 11],
    ['二十三', 23],
    ['三十六', 36],
    ['一百五十', 150],
    ['一百零五', 105],
    ['两千零五', 2005],
    ['三万五千', 35000],
    ['十万', 100000],
    ['一亿五千万', 150000000],
    ['一万亿', 1e12],
    ['万', 10000],
    ['一百二', 120],
    ['一万二', 12000],
    ['二〇〇八', 2008],
    ['二零二六', 2026],
    ['零', 0],
    ['壹佰贰拾', 120],
    ['拾肆', 14],
    ['陆佰伍拾', 650],
    ['玖拾', 90],
    ['叁仟零伍', 3005],
    ['仨', 3],
    ['７', 7],
    ['２０２６', 2026],
    ['7', 7],
    ['2026', 2026],
  ])('%s = %d', (s, n) => {
    expect(parseChineseInt(s)).toBe(n);
  });

  it.each(['', '三a', '十一月', '1.5', '-3', 'abc'])('%j is not an integer numeral', (s) => {
    expect(parseChineseInt(s)).toBeNull();
  });
});

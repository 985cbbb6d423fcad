import { describe, expect, it } from 'vitest';
import { findDate, leadMs, parseDate } from '../../src/calendar/dates.js';
import { parseChineseInt } from '../../src/core/zh-numerals.js';

const TZ = 'Asia/Shanghai';
// Tuesday 2026-05-12 10:00 in Shanghai
const now = new Date('2026-05-12T02:00:00Z');
const iso = (s: string) => {
  const p = parseDate(s, now, TZ);
  return p ? `${p.start.toFormat("yyyy-MM-dd'T'HH:mm")}${p.monthOnly ? ' month' : ''}` : null;
};

describe('forgiving Chinese dates', () => {
  it('reads Chinese numerals', () => {
    expect(parseChineseInt('十一')).toBe(11);
    expect(parseChineseInt('二十三')).toBe(23);
    expect(parseChineseInt('十')).toBe(10);
    expect(parseChineseInt('7')).toBe(7);
  });

  it('parses absolute dates with times', () => {
    expect(iso('6月15日下午2点')).toBe('2026-06-15T14:00');
    expect(iso('2026-06-15 14:00')).toBe('2026-06-15T14:00');
    expect(iso('2026-06-15T14:00')).toBe('2026-06-15T14:00');
    expect(iso('2026年6月15号上午9点半')).toBe('2026-06-15T09:30');
    expect(iso('6月15日 14:30')).toBe('2026-06-15T14:30');
    expect(iso('十一月三日晚上7点')).toBe('2026-11-03T19:00');
  });

  it('rolls a past day without a year into next year', () => {
    expect(iso('3月1日')).toBe('2027-03-01T09:00');
  });

  it('parses relative days and weekdays', () => {
    expect(iso('明天上午9点半')).toBe('2026-05-13T09:30');
    expect(iso('后天下午3点')).toBe('2026-05-14T15:00');
    expect(iso('下周三')).toBe('2026-05-20T09:00');
    expect(iso('周五下午两点')).toBe('2026-05-15T14:00');
    expect(iso('星期一')).toBe('2026-05-18T09:00');
  });

  it('parses month-only dates', () => {
    expect(iso('6月份')).toBe('2026-06-01T00:00 month');
    expect(iso('十一月')).toBe('2026-11-01T00:00 month');
    expect(iso('四月')).toBe('2027-04-01T00:00 month');
  });

  it('rejects what is not a date', () => {
    expect(iso('下个月吧')).toBeNull();
    expect(iso('13月5日')).toBeNull();
    expect(iso('6月15日25点')).toBeNull();
    expect(iso('hello')).toBeNull();
  });

  it('finds a date inside a sentence', () => {
    const text = '演讲比赛 6月15日下午2点 市工人文化宫';
    const f = findDate(text, now, TZ)!;
    expect(text.slice(0, f.index).trim()).toBe('演讲比赛');
    expect(text.slice(f.index + f.length).trim()).toBe('市工人文化宫');
  });

  it('reads lead times', () => {
    expect(leadMs('7d')).toBe(7 * 86_400_000);
    expect(leadMs('2h')).toBe(7_200_000);
    expect(leadMs('x')).toBeNaN();
  });
});

describe('impossible days', () => {
  it('does not read 2月30日 as "February, date to be set"', () => {
    const now = new Date('2026-01-10T02:00:00Z');
    expect(parseDate('2月30日', now, 'Asia/Shanghai')).toBeNull();
    expect(findDate('演讲比赛 2月30日下午2点 市工人文化宫', now, 'Asia/Shanghai')).toBeNull();
    expect(parseDate('2月份', now, 'Asia/Shanghai')?.monthOnly).toBe(true);
    expect(parseDate('2月28日', now, 'Asia/Shanghai')?.start.day).toBe(28);
  });
});

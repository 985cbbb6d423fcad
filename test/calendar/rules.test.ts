import { describe, expect, it } from 'vitest';
import { findDate, parseDate, timeAtStart } from '../../src/calendar/dates.js';
import { parseEventAdd, parseEventEdit } from '../../src/calendar/parse-event.js';
import { findRule, type FoundRule, parseRuleText } from '../../src/calendar/parse-rule.js';
import { isOccurrence, nextOccurrences } from '../../src/calendar/recurrence.js';
import { ruleText } from '../../src/calendar/rule-text.js';

const TZ = 'Asia/Shanghai';
// Tuesday 2026-05-12 10:00 in Shanghai
const now = new Date('2026-05-12T02:00:00Z');

const rule = (s: string) => {
  const r = parseRuleText(s, now, TZ);
  if (!r || 'error' in r) throw new Error(`not a rule: ${s} ${JSON.stringify(r)}`);
  return r;
};
const said = (r: FoundRule, lang: 'zh' | 'en' = 'zh') => ruleText({ start: r.start.toISO()!, rule: r.rule }, lang, TZ);

describe('Chinese recurrence expressions', () => {
  it('reads every form the issue names, with times, counts and end dates', () => {
    const cases: [string, string, string, string][] = [
      ['每天', 'FREQ=DAILY', '2026-05-13T09:00', '每天 09:00'],
      ['每日早上8点', 'FREQ=DAILY', '2026-05-13T08:00', '每天 08:00'],
      ['每周二', 'FREQ=WEEKLY;BYDAY=TU', '2026-05-19T09:00', '每周二 09:00'],
      ['每周二 晚上7点半', 'FREQ=WEEKLY;BYDAY=TU', '2026-05-12T19:30', '每周二 19:30'],
      ['每周一三五', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', '2026-05-13T09:00', '每周一、三、五 09:00'],
      ['每星期六、日下午3点', 'FREQ=WEEKLY;BYDAY=SA,SU', '2026-05-16T15:00', '每周六、日 15:00'],
      ['每月5日上午9点', 'FREQ=MONTHLY;BYMONTHDAY=5', '2026-06-05T09:00', '每月5日 09:00'],
      ['每月十五号', 'FREQ=MONTHLY;BYMONTHDAY=15', '2026-05-15T09:00', '每月15日 09:00'],
      ['每月最后一个周五 14:00', 'FREQ=MONTHLY;BYDAY=-1FR', '2026-05-29T14:00', '每月最后一个周五 14:00'],
      ['每月第二个周二', 'FREQ=MONTHLY;BYDAY=2TU', '2026-06-09T09:00', '每月第二个周二 09:00'],
      ['每月最后一天', 'FREQ=MONTHLY;BYMONTHDAY=-1', '2026-05-31T09:00', '每月最后一天 09:00'],
      ['每年5月1日', 'FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1', '2027-05-01T09:00', '每年5月1日 09:00'],
      ['每月5日 09:00 共12次', 'FREQ=MONTHLY;BYMONTHDAY=5;COUNT=12', '2026-06-05T09:00', '每月5日 09:00，共12次'],
      ['每天共十次', 'FREQ=DAILY;COUNT=10', '2026-05-13T09:00', '每天 09:00，共10次'],
      [
        '每周一三五 下午3点 到6月30日为止',
        'FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20260630T155959Z',
        '2026-05-13T15:00',
        '每周一、三、五 15:00，到2026年6月30日为止',
      ],
    ];
    for (const [text, rrule, start, words] of cases) {
      const r = rule(text);
      expect([text, r.rule, r.start.toFormat("yyyy-MM-dd'T'HH:mm"), said(r)]).toEqual([text, rrule, start, words]);
    }
  });

  it('states rules back in English', () => {
    expect(said(rule('每月5日 09:00 共12次'), 'en')).toBe('monthly on day 5 at 09:00, 12 times');
    expect(said(rule('每周一三五 19:00'), 'en')).toBe('every Mon, Wed, Fri at 19:00');
    expect(said(rule('每月最后一个周五'), 'en')).toBe('monthly on the last Fri at 09:00');
    expect(said(rule('每年5月1日 到2030年5月1日为止'), 'en')).toBe('yearly on 1 May at 09:00, until 1 May 2030');
  });

  it('refuses what cannot be (每月32日, 每年2月30日, 共0次) and ignores text without a rule', () => {
    expect(findRule('例会 每月32日', now, TZ)).toMatchObject({ error: 'calendar.bad_rule' });
    expect(findRule('例会 每年2月30日', now, TZ)).toMatchObject({ error: 'calendar.bad_rule' });
    expect(findRule('例会 每天 共0次', now, TZ)).toMatchObject({ error: 'calendar.bad_rule' });
    expect(findRule('例会 每天 到昨天吧为止', now, TZ)).toMatchObject({ error: 'calendar.bad_date' });
    expect(findRule('演讲比赛 6月15日下午2点', now, TZ)).toBeNull();
    expect(rule('每年2月29日').start.toISODate()).toBe('2028-02-29');
  });

  it('/event add reads a rule by position or in the pipe form; a rule word in the title stays in the title', () => {
    const a = parseEventAdd('班组长例会 每月5日上午9点 市总工会', now, TZ);
    expect(a).toEqual({
      ok: true,
      value: {
        title: '班组长例会',
        start: '2026-06-05T09:00:00.000+08:00',
        monthOnly: false,
        rule: 'FREQ=MONTHLY;BYMONTHDAY=5',
        place: '市总工会',
      },
    });
    const p = parseEventAdd('读书会 | 每周二 19:00 共4次 | 职工书屋', now, TZ);
    expect(p.ok && p.value).toMatchObject({ title: '读书会', rule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4', place: '职工书屋' });
    const title = parseEventAdd('每日一题讲评 6月15日下午2点 市图书馆', now, TZ);
    expect(title.ok && title.value).toMatchObject({ title: '每日一题讲评', start: '2026-06-15T14:00:00.000+08:00' });
    expect(title.ok && title.value.rule).toBeUndefined();
    const allDay = parseEventAdd('劳动节 每年5月1日 全天', now, TZ);
    expect(allDay.ok && allDay.value).toMatchObject({ allDay: true, start: '2027-05-01T00:00:00.000+08:00' });
    expect(parseEventAdd('例会 每月32日 市总工会', now, TZ)).toMatchObject({ ok: false, error: 'calendar.bad_rule' });
    const edit = parseEventEdit('7 重复 每周二 下午3点', now, TZ);
    expect(edit.ok && edit.value.patch).toMatchObject({ rule: 'FREQ=WEEKLY;BYDAY=TU' });
    const off = parseEventEdit('7 重复 无', now, TZ);
    expect(off.ok && off.value.patch).toEqual({ rule: '' });
  });
});

describe('occurrences', () => {
  it('skips exception dates, ends with COUNT, and knows its own occurrences', () => {
    const e = {
      start: '2026-06-05T09:00:00.000+08:00',
      rule: 'FREQ=MONTHLY;BYMONTHDAY=5;COUNT=3',
      exdates: ['2026-07-05T09:00:00.000+08:00'],
    };
    expect(nextOccurrences(e, now, 5, TZ).map((d) => d.toISODate())).toEqual(['2026-06-05', '2026-08-05']);
    expect(isOccurrence(e, '2026-08-05T01:00:00.000Z', TZ)).toBe(true);
    expect(isOccurrence(e, '2026-07-05T09:00:00.000+08:00', TZ)).toBe(false);
    expect(isOccurrence(e, '2026-08-05T10:00:00.000+08:00', TZ)).toBe(false);
    expect(nextOccurrences({ start: e.start, rule: 'FREQ=DAILY' }, now, 400, TZ)).toHaveLength(400);
  });
});

describe('dates under chrono-node', () => {
  it('keeps the calendar rules chrono lacks', () => {
    const iso = (s: string) => parseDate(s, now, TZ)?.start.toFormat("yyyy-MM-dd'T'HH:mm") ?? null;
    expect(iso('下下周一')).toBe('2026-05-25T09:00');
    expect(iso('本周五')).toBe('2026-05-15T09:00');
    expect(iso('明天上午')).toBe('2026-05-13T09:00');
    expect(iso('明天晚上')).toBe('2026-05-13T19:00');
    expect(iso('2026/6/15T14:00')).toBe('2026-06-15T14:00');
    expect(iso('2026-02-30')).toBeNull();
    expect(parseDate('明天上午', now, TZ)?.timeKnown).toBe(true);
    expect(parseDate('明天', now, TZ)?.timeKnown).toBe(false);
    expect(parseDate('2026年6月', now, TZ)?.monthOnly).toBe(true);
    expect(timeAtStart(' 下午两点半 市总工会', now, TZ)).toMatchObject({ hour: 14, minute: 30 });
    expect(timeAtStart('市总工会', now, TZ)).toBeNull();
  });

  it('finds a date after 100,000 characters of spaces or digits, and gives up on a line of anchors only', () => {
    const spaces = `${' '.repeat(100_000)}演讲比赛 6月15日下午2点`;
    expect(findDate(spaces, now, TZ)?.index).toBe(100_005);
    expect(findDate(`${'6'.repeat(100_000)} 6月15日`, now, TZ)?.index).toBe(100_001);
    expect(findDate(`${'6'.repeat(100_000)}月15日`, now, TZ)).toBeNull(); // "66月" is no month
    expect(findDate('13月'.repeat(30_000), now, TZ)).toBeNull();
  });
});

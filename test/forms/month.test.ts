import { describe, expect, it } from 'vitest';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { extractParagraph } from '../../src/forms/extract.js';
import { paragraphMonth } from '../../src/forms/month.js';

const tz = 'Asia/Shanghai';
const now = new Date('2026-12-01T04:00:00+08:00');
const month = (s: string, at = now) => paragraphMonth(s, at, tz);

describe('the report month of a paragraph', () => {
  it('reads every common way of naming it', () => {
    expect(month('11月份新建学习型班组2个')).toBe('2026-11');
    expect(month('十一月份培训3场')).toBe('2026-11');
    expect(month('十月：培训3场')).toBe('2026-10');
    expect(month('2026年10月培训3场')).toBe('2026-10');
    expect(month('二〇二六年十月培训3场')).toBe('2026-10');
    expect(month('2026.10 培训3场，120人次')).toBe('2026-10');
    expect(month('2026-10 培训3场')).toBe('2026-10');
    expect(month('2026/9：培训3场')).toBe('2026-09');
    expect(month('10月月报：培训3场')).toBe('2026-10');
    expect(month('报10月的：培训3场')).toBe('2026-10');
    expect(month('这里补报9月数据，培训3场')).toBe('2026-09');
    expect(month('报告月份：2026年10月。培训6场')).toBe('2026-10');
    expect(month('１０月份：新建学习型班组1个')).toBe('2026-10');
    expect(month('今年11月：培训4场')).toBe('2026-11');
  });

  it('reads 本月, 上月 and their colloquial forms against today', () => {
    expect(month('本月培训3场')).toBe('2026-12');
    expect(month('这个月培训3场')).toBe('2026-12');
    expect(month('当月培训3场')).toBe('2026-12');
    expect(month('上月培训3场')).toBe('2026-11');
    expect(month('上个月，我们完成了技能竞赛1项')).toBe('2026-11');
    expect(month('上个月情况汇报：培训3场')).toBe('2026-11');
    expect(month('12月月报', new Date('2027-01-05T04:00:00+08:00'))).toBe('2026-12');
    expect(month('上月培训3场', new Date('2027-01-05T04:00:00+08:00'))).toBe('2026-12');
  });

  it('a report heading beats 当月/本月 in its body', () => {
    expect(month('11月份情况汇报：全公司职工2860人。当月新建学习型班组四个')).toBe('2026-11');
    expect(month('报告月份：2026年10月。当月培训场次6，培训人次240')).toBe('2026-10');
    expect(month('10月工作小结：本月培训3场')).toBe('2026-10');
    expect(month('上月(11月)工作小结：新建学习型班组3个')).toBe('2026-11');
    expect(month('本月（12月）新建学习型班组1个')).toBe('2026-12');
  });

  it('days, comparisons and the times of other events are not the report month', () => {
    expect(month('本月培训3场，11月8日举办读书分享会')).toBe('2026-12');
    expect(month('截至11月30日，累计学习型班组30个，本月新建2个')).toBe('2026-12');
    expect(month('学习型企业今年9月已验收，本月培训3场')).toBe('2026-12');
    expect(month('学习型企业9月份已通过验收')).toBeNull();
    expect(month('自9月以来累计培训40场')).toBeNull();
    expect(month('本月培训5场，比上月多2场')).toBe('2026-12');
    expect(month('上月培训4场，比上上月多1场')).toBe('2026-11');
    expect(month('培训4场，比上上月多1场')).toBeNull();
    expect(month('本月培训场次与上月持平，为5场')).toBe('2026-12');
    expect(month('本月新建学习型班组2个，上月累计是1个')).toBe('2026-12');
    expect(month('11月培训2场，12月计划再办3场')).toBe('2026-11');
    expect(month('培训3个月，共4期')).toBeNull();
  });

  it('a day is the month only when nothing else is said', () => {
    expect(month('10月8日到10月30日共举办培训十场')).toBe('2026-10');
    expect(month('11月8日举办农民工技能提升班')).toBe('2026-11');
    expect(month('2026-10-15举办培训1场')).toBe('2026-10');
    expect(month('10月8日和11月3日各办培训1场')).toBeNull();
  });

  it('two different months, or a span, leave it to be asked', () => {
    expect(month('10月培训3场，11月培训4场')).toBeNull();
    expect(month('9月至11月共培训8场')).toBeNull();
    expect(month('9-11月共培训8场')).toBeNull();
    expect(month('本月培训3场，10月新建学习型班组2个')).toBeNull();
    expect(month('10月月报、11月月报合并')).toBeNull();
  });

  it('says nothing when no month is named, so the form asks for it', () => {
    expect(month('培训3场，120人次')).toBeNull();
    expect(month('今年的集体合同已写入培训经费')).toBeNull();
    const got = extractParagraph(monthlyReport, '培训3场，120人次', { now, tz, lang: 'zh' }).values;
    expect(got).not.toHaveProperty('month');
  });
});

describe('titles, other events and the status as it stands now', () => {
  it('takes the month from a report title before the first colon', () => {
    expect(month('2026年10月份工作汇总：开展培训2场')).toBe('2026-10');
    expect(month('市第三建筑公司工会九月份职工教育工作简报：一是培训4场')).toBe('2026-09');
    // Not a title when a clause ends before it: the month of the body stands.
    expect(month('本月培训2场，9月份职工素质工程完成较好')).toBeNull();
  });

  it('never takes the time of another event for the report month', () => {
    expect(month('学习型工会创建5月份启动，培训2场')).toBeNull();
    expect(month('9月底举办的读书会已结束，本月培训2场')).toBe('2026-12');
    expect(month('职工书屋8月成立，培训2场')).toBeNull();
  });

  it('files the status said as it stands now, and asks when two statuses are said otherwise', () => {
    const status = (s: string) => extractParagraph(monthlyReport, s, { now, tz, lang: 'zh' }).values['unionStatus'];
    expect(status('学习型工会创建4月份启动，目前处于推进中')).toBe('ongoing');
    expect(status('学习型工会创建已经启动，已达标')).toBeUndefined();
    expect(status('学习型工会创建刚刚启动')).toBe('started');
  });
});

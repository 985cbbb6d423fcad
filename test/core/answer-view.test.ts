import { describe, expect, it } from 'vitest';
import { answerPlainText, answerView, citeLabel, docTitle, englishLocator } from '../../src/core/answer-view.js';
import { ART44, OVERTIME } from './answer-fixtures.js';

describe('how a Q&A answer reads', () => {
  it('names the article by its law title, without the file date, and in English by number too', () => {
    expect(docTitle('劳动法(2018-12-29)')).toBe('劳动法');
    expect(docTitle('无锡市两争一树活动意见(2006)')).toBe('无锡市两争一树活动意见');
    expect(docTitle('通知二')).toBe('通知二');
    expect(citeLabel({ doc: '劳动法(2018-12-29)', locator: '第四十四条' })).toBe('《劳动法》第四十四条');
    expect(citeLabel({ doc: '劳动法(2018-12-29)', locator: '第四十四条' }, 'en')).toBe(
      '《劳动法》第四十四条 (Article 44)',
    );
    expect(englishLocator('第一百零五条')).toBe('Article 105');
    expect(englishLocator('三、(二)')).toBeNull();
  });

  it('leads with the rule, cites the article that states it, quotes it once', () => {
    const v = answerView(OVERTIME)!;
    expect(v.lead).toBe(OVERTIME.text);
    expect(v.source).toEqual({ label: '《劳动法》第四十四条', quote: ART44 });
    expect(v.labels).toEqual({ source: '出处', related: '相关条文', quote: '查看原文' });
    expect(v.confirmed).toBeNull();
  });

  it('lists related articles only when they add something: no repeat of the source, no words already quoted', () => {
    const v = answerView(OVERTIME)!;
    // 第四十四条 again is the source; 第九十一条's quote is a line of 第四十四条.
    expect(v.related.map((r) => r.label)).toEqual(['《劳动法》第四十一条']);
  });

  it('drops the quote when the answer already says all of it', () => {
    const v = answerView({ ...OVERTIME, text: ART44, citations: [OVERTIME.citations![0]!] })!;
    expect(v.source).toEqual({ label: '《劳动法》第四十四条', quote: null });
  });

  it('speaks English labels for an English answer and keeps the quote Chinese', () => {
    const v = answerView({ ...OVERTIME, answer: { lang: 'en', confirmed: true } })!;
    expect(v.labels.source).toBe('Source');
    expect(v.labels.related).toBe('Related');
    expect(v.confirmed).toBe('Confirmed by the union office');
    expect(v.source?.quote).toBe(ART44);
    expect(answerView({ ...OVERTIME, answer: { lang: 'zh', confirmed: true } })!.confirmed).toBe('已经工会办公室确认');
  });

  it('is not applied to replies that are not answers; plain text follows the same order', () => {
    expect(answerView({ text: '请输入单位名称' })).toBeNull();
    const plain = answerPlainText(OVERTIME);
    expect(plain.indexOf(OVERTIME.text)).toBe(0);
    expect(plain).toContain('出处：《劳动法》第四十四条');
    expect(plain.split('百分之三百').length - 1).toBe(1);
    expect(plain).toContain('相关条文：\n· 《劳动法》第四十一条');
  });
});

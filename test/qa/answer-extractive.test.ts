import { describe, expect, it } from 'vitest';
import { bestSentences, focusClause } from '../../src/qa/answer-extractive.js';
import { buildIndex } from '../../src/qa/build-index.js';
import { Bm25Index } from '../../src/qa/index-bm25.js';
import { buildQuery } from '../../src/qa/query.js';
import type { Passage } from '../../src/qa/types.js';

describe('the answer sentences hold what the question asks (src/qa/answer-extractive.ts)', () => {
  it("the focus is a question's last clause; a one-clause question has none", () => {
    expect(focusClause('员工上岗前和离岗时做的职业健康体检,费用由谁出?')).toBe('费用由谁出');
    expect(focusClause('加班费怎么算')).toBeNull();
    expect(focusClause('How is overtime paid, and when?')).toBeNull();
    // A closing "is this lawful" tag is not the focus: the clause before it says what is asked about.
    expect(focusClause('厂里让去做职业体检，结果体检费让我们自己出，这对吗？')).toBe('结果体检费让我们自己出');
    expect(focusClause('学校安排我去厂里实习 厂里说实习生不给工资 这说得过去吗')).toBe('厂里说实习生不给工资');
    expect(focusClause('实习生不给工资，合不合法？')).toBeNull();
  });

  const article: Passage = {
    doc: '职业病防治法',
    title: '中华人民共和国职业病防治法',
    locator: '第三十五条',
    heading: '',
    text: [
      '对从事接触职业病危害的作业的劳动者，用人单位应当组织上岗前、在岗期间和离岗时的职业健康检查，并将检查结果书面告知劳动者。职业健康检查费用由用人单位承担。',
      '用人单位不得安排未经上岗前职业健康检查的劳动者从事接触职业病危害的作业；对未进行离岗前职业健康检查的劳动者不得解除或者终止与其订立的劳动合同。',
      '职业健康检查应当由取得《医疗机构执业许可证》的医疗卫生机构承担。',
    ].join('\n'),
  };
  const other: Passage = { ...article, locator: '第一条', text: '为了预防、控制和消除职业病危害，制定本法。' };
  const index = new Bm25Index(buildIndex([article, other]));

  it('a scene-setting first clause does not crowd out the sentence that answers the last one', () => {
    const q = buildQuery(index, '接触职业病危害的劳动者上岗前、在岗和离岗时做职业健康检查，费用由谁承担？', null);
    const s = bestSentences(q, article).join('');
    expect(s).toContain('职业健康检查费用由用人单位承担');
    expect(s).toContain('上岗前、在岗期间和离岗时');
  });

  it('a one-clause question keeps the best sentence and its closest runner-up', () => {
    const q = buildQuery(index, '没做离岗前职业健康检查能解除劳动合同吗', null);
    expect(bestSentences(q, article).join('')).toContain('不得解除或者终止');
  });
});

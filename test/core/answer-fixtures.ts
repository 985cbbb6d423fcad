import type { Reply } from '../../src/core/types.js';

/** 《劳动法》第四十四条 in full, as the Q&A quotes the article that states the rule. */
export const ART44 =
  '有下列情形之一的，用人单位应当按照下列标准支付高于劳动者正常工作时间工资的工资报酬：\n（一）安排劳动者延长工作时间的，支付不低于工资的百分之一百五十的工资报酬；\n（二）休息日安排劳动者工作又不能安排补休的，支付不低于工资的百分之二百的工资报酬；\n（三）法定休假日安排劳动者工作的，支付不低于工资的百分之三百的工资报酬。';

export const OVERTIME: Reply = {
  text: '加班费按工资的150%（延长工作时间）、200%（休息日且不能补休）、300%（法定休假日）支付。',
  citations: [
    { doc: '劳动法(2018-12-29)', locator: '第四十四条', quote: ART44 },
    {
      doc: '劳动法(2018-12-29)',
      locator: '第四十一条',
      quote: '用人单位由于生产经营需要，经与工会和劳动者协商后可以延长工作时间，一般每日不得超过一小时。',
    },
    { doc: '劳动法(2018-12-29)', locator: '第四十四条', quote: ART44 },
    {
      doc: '劳动法(2018-12-29)',
      locator: '第九十一条',
      quote: '（二）休息日安排劳动者工作又不能安排补休的，支付不低于工资的百分之二百的工资报酬；',
    },
  ],
  answer: { lang: 'zh' },
};

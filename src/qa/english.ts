/**
 * Offline English → Chinese mapping of the domain's terms, so English questions retrieve
 * from the Chinese corpus. Longer phrases are matched first.
 */
const TERMS: ReadonlyArray<readonly [string, string]> = [
  ['annual leave', '年休假'],
  ['paid leave', '带薪年休假'],
  ['maternity leave', '产假'],
  ['maternity', '生育 产假'],
  ['breastfeeding', '哺乳'],
  ['nursing', '哺乳'],
  ['pregnan', '孕期 怀孕'],
  ['female worker', '女职工'],
  ['women', '女职工'],
  ['woman', '女职工'],
  ['union funds', '工会经费'],
  ['union dues', '会费'],
  ['membership dues', '会费'],
  ['dues', '会费'],
  ['trade union', '工会'],
  ['union chair', '工会主席'],
  ['union', '工会'],
  ['probation', '试用期'],
  ['overtime pay', '加班 工资报酬 延长工作时间'],
  ['overtime', '加班 延长工作时间'],
  ['working hours', '工作时间'],
  ['work hours', '工作时间'],
  ['rest day', '休息日'],
  ['weekend', '休息日'],
  ['saturday', '休息日'],
  ['public holiday', '法定休假日'],
  ['statutory holiday', '法定休假日'],
  ['holiday', '节日 放假'],
  ['spring festival', '春节'],
  ['labour contract', '劳动合同'],
  ['labor contract', '劳动合同'],
  ['employment contract', '劳动合同'],
  ['written contract', '书面劳动合同'],
  ['contract', '劳动合同'],
  ['part-time', '非全日制用工'],
  ['part time', '非全日制用工'],
  ['employer', '用人单位'],
  ['company', '用人单位'],
  ['employee', '职工 劳动者'],
  ['worker', '职工 劳动者'],
  ['staff', '职工'],
  ['wages', '工资'],
  ['wage', '工资'],
  ['salary', '工资'],
  ['pay ', '支付 缴纳 '],
  ['severance', '经济补偿'],
  ['compensation', '经济补偿 补偿'],
  ['resign', '解除劳动合同 劳动者提前'],
  ['quit', '解除劳动合同'],
  ['dismiss', '解除劳动合同'],
  ['fire ', '解除劳动合同 '],
  ['notice', '提前 通知'],
  ['work-related injury', '工伤'],
  ['work-injury', '工伤'],
  ['work injury', '工伤'],
  ['injury', '工伤 伤害'],
  ['injured', '工伤'],
  ['occupational disease', '职业病'],
  ['insurance premium', '保险费 缴纳'],
  ['premium', '保险费 缴纳'],
  ['unemployment', '失业保险金 失业'],
  ['social insurance', '社会保险'],
  ['insurance', '保险'],
  ['arbitration', '劳动争议仲裁 仲裁'],
  ['dispute', '劳动争议'],
  ['limitation period', '时效期间'],
  ['time limit', '时效 期限'],
  ['migrant worker', '农民工'],
  ['training', '培训'],
  ['vocational education', '职业教育'],
  ['safety', '安全生产'],
  ['probation period', '试用期'],
  ['period', '期限'],
  ['longest', '不得超过'],
  ['maximum', '不得超过'],
  ['at most', '不得超过'],
  ['minimum', '不低于'],
  ['at least', '不低于 至少'],
  ['how many days', '天'],
  ['full name', '简称'],
  ['campaign', '活动'],
  ['wuxi', '无锡市'],
  ['learning organization', '学习型组织'],
  ['learning organisation', '学习型组织'],
  ['knowledge worker', '知识型职工'],
  ['leading group', '领导小组'],
  ['come from', '来源'],
  ['source', '来源'],
  ['own', '个人'],
  ['individual', '个人'],
  ['personally', '个人'],
  ['month', '月'],
  ['year', '年'],
];

const LATIN = /[a-z]/gi;
const CJK = /[\u3400-\u9fff]/g;

/** A question is English when Latin letters clearly dominate Chinese characters. */
export function isEnglish(question: string): boolean {
  const latin = question.match(LATIN)?.length ?? 0;
  const cjk = question.match(CJK)?.length ?? 0;
  return latin >= 8 && latin > cjk * 3;
}

/** Chinese query text for an English question (Chinese characters in it are kept). */
export function englishToChinese(question: string): string {
  let s = ` ${question.toLowerCase().replace(/[^a-z0-9\u3400-\u9fff%.\s-]/g, ' ')} `;
  const found: string[] = [];
  for (const [en, zh] of TERMS) {
    if (s.includes(en)) {
      found.push(zh);
      s = s.split(en).join(' ');
    }
  }
  const cjk = question.match(/[\u3400-\u9fff]+/g) ?? [];
  const nums = question.match(/\d+(?:\.\d+)?%?/g) ?? [];
  return [...cjk, ...found, ...nums].join(' ');
}

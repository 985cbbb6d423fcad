/**
 * How officers write report paragraphs: the words that change what a number means, whatever the
 * form. Product data (tested in test/forms/lexicon.test.ts), shared by every form's paragraph reading;
 * a form's own field cues live in its definition.
 */
export interface ReportLexicon {
  /** A part of the number before it (其中女职工210人次): goes to its own field or nowhere. */
  parts: string[];
  /** A total (共5场, 合计4名): beats the parts it sums. */
  totals: string[];
  /** Another period than the report's month (全年累计5200人次, 同比). */
  otherPeriod: string[];
  /** Plans, targets and norms, not what happened (下月计划1场, 目标15个, 不低于1.5%). */
  notDone: string[];
  /** Per item, right before a number (各举办一场, 每场30人, 人均8课时): not the month's count. */
  perItem: string[];
  /** Changes and comparisons (增长20%, 增加了50人), not amounts. */
  deltas: string[];
  /** Rates that are not a share of the payroll (使用率85%). */
  rates: string[];
  /** Onlookers are not participants (现场观摩职工150人). */
  onlookers: string[];
  /** “There was none”: before a field cue (没有组织培训) or closing the clause after one (新建班组暂无). */
  noneBefore: string[];
  noneAfter: string[];
  /** Words that may stand between a field cue and a bare number (读书活动参与人数：58). */
  filler: string;
  /** Words that may stand right before a number (共、达到、约、为、是…). */
  lead: string;
  /** Words that may follow a number and its measure word without naming another thing (120人参加, 40人左右, 158名职工参赛). */
  countedOk: string[];
  /** A headcount, not an activity (公司有外来务工人员820人, 现有职工300人): sets no subject for a sentence. */
  headcount: string[];
  /**
   * Words that open the next statement in text typed or dictated without punctuation (…其中农民工有三十五个人另外职工书屋…,
   * …新增技师两个学习型工会创建…): right after a number they are not what it counts.
   */
  nextTopic: string[];
  /** Taking part: a bare number right after one (参加的有两百八) counts people, never events. */
  peopleNouns: string[];
  /** Count nouns: a bare number right after one (参与人数：50) belongs to the field its clause or sentence names. */
  countNouns: string[];
}

export const REPORT_LEXICON: ReportLexicon = {
  parts: ['其中', '内含', '含', '包括', '包含', '当中'],
  totals: ['合计', '共计', '总计', '总共', '一共', '共有', '总数', '总量', '累计', '共'],
  otherPeriod: [
    '全年',
    '今年',
    '本年',
    '年度',
    '年初',
    '去年',
    '上年',
    '同期',
    '季度',
    '半年',
    '历年',
    '以来',
    '同比',
    '环比',
  ],
  notDone: [
    '计划',
    '下月',
    '下个月',
    '明年',
    '来年',
    '下半年',
    '下一次',
    '下次',
    '下阶段',
    '拟',
    '预计',
    '准备',
    '目标',
    '还差',
    '不低于',
    '不少于',
    '不得低于',
    '按规定',
    '要求',
    '应达到',
    '未达到',
  ],
  perItem: ['各', '每场', '每次', '每期', '每班', '每人', '每个', '每位', '人均', '平均', '分别'],
  deltas: [
    '增长',
    '增加了',
    '增幅',
    '提高',
    '提升了',
    '降低',
    '下降',
    '减少',
    '多了',
    '少了',
    '比上月',
    '比去年',
    '比上年',
    '较上月',
    '较去年',
    '较上年',
  ],
  rates: [
    '使用率',
    '执行率',
    '完成率',
    '覆盖率',
    '参与率',
    '参训率',
    '合格率',
    '通过率',
    '增长率',
    '到位率',
    '达标率',
    '出勤率',
  ],
  onlookers: ['观摩', '观看', '观众', '旁听', '围观', '列席', '助威', '啦啦队', '参观', '接待', '来访', '浏览'],
  noneBefore: [
    '没有',
    '没',
    '未',
    '暂未',
    '尚未',
    '并未',
    '从未',
    '暂无',
    '尚无',
    '并无',
    '无新建',
    '无新增',
    '无开展',
    '无组织',
  ],
  noneAfter: ['暂无', '尚无', '没有', '为零', '为0', '是0', '是零'],
  filler: '活动参与加训培的职工人员员工教师选手数次场总量期名额',
  lead: '：:，\\s为是有达到了共计约大概近余总合累的',
  countedOk: [
    '参加',
    '参与',
    '参训',
    '参赛',
    '报名',
    '出席',
    '受训',
    '左右',
    '以上',
    '上下',
    '次',
    '批次',
    '期次',
    '轮次',
    '的',
    '了',
    '哈',
    '啊',
    '呀',
    '吧',
    '呢',
    '啦',
    '哦',
    '职工',
    '员工',
    '人员',
    '选手',
    '学员',
    '青工',
    '同志',
  ],
  nextTopic: [
    '另外',
    '然后',
    '还有',
    '此外',
    '同时',
    '接着',
    '再就是',
    '其次',
    '最后',
    '学习型',
    '新建',
    '新增',
    '累计',
    '培训',
    '技能',
    '技术比武',
    '岗位练兵',
    '读书',
    '职工书屋',
    '高技能',
    '农民工',
    '进城务工',
    '外来务工',
    '知识型',
    '经费',
    '集体合同',
    '职代会',
  ],
  peopleNouns: ['参加', '参与', '参训', '参赛', '受训', '报名', '人数', '人次', '出席', '来了'],
  headcount: ['有', '现有', '共有', '拥有', '在册', '在岗', '在职', '总数', '总人数', '员工总数'],
  countNouns: ['人数', '人次', '场次', '次数', '期数', '个数', '数量', '参加', '参与', '参训', '参赛', '受训'],
};

import { refineChecks } from '../checks.js';
import { objectSchema } from '../schema.js';
import type { FieldDef, FormCheck, FormDefinition, FormWarning } from '../types.js';
import { int, MIGRANT, PEOPLE, STATUS, TRAINING } from './monthly-report-vocab.js';

/**
 * 两争一树 monthly progress report, one per registered unit per month. Fields follow the measures of
 * 《关于进一步推进全市“两争一树”活动的意见》: 学习型班组/企业/工会 creation (三、), training and the
 * education-fund ratio, 技术比武/技能竞赛/岗位练兵, 读书自学活动, 高技能人才 and 进城务工人员 (四、五、).
 */

const fields: FieldDef[] = [
  {
    key: 'month',
    type: 'month',
    label: { zh: '报告月份', en: 'Report month' },
    question: { zh: '这份月报是哪个月的？', en: 'Which month is this report for?' },
    hint: { zh: '例如“本月”“上月”“2026年10月”或 2026-10', en: 'e.g. "this month", "last month" or 2026-10' },
    required: true,
    aliases: ['月份', '月报月份'],
  },
  int(
    'groupsNew',
    ['本月新建学习型班组', 'Learning teams created this month'],
    ['本月新建了多少个学习型班组？', 'How many learning teams (学习型班组) were created this month?'],
    ['个', ''],
    {
      all: [['班组'], ['新建', '新增', '新创', '新成立', '新组建', '创建', '建成', '成立']],
      units: ['个'],
      exclude: ['累计', '总数', '共有', '总计', '已有', '现有', '一共'],
      zero: true,
    },
    { max: 10_000, aliases: ['新建班组', '新建学习型班组'] },
  ),
  int(
    'groupsTotal',
    ['累计学习型班组', 'Learning teams in total'],
    [
      '到目前为止，本单位累计共有多少个学习型班组（含本月新建）？',
      'How many learning teams does the unit have in total (including new ones)?',
    ],
    ['个', ''],
    {
      all: [['班组'], ['累计', '总数', '共有', '总计', '已有', '总共', '现有', '一共', '合计', '共计']],
      units: ['个'],
      // 全厂班组一共46个, 共有班组120个: every team of the unit, not its learning teams (全厂学习型班组 are).
      exclude: [
        '新建',
        '新增',
        '新创',
        '新成立',
        '新组建',
        ...['全厂', '全公司', '全单位', '全院', '全校', '全局', '全集团', '全体', '所有', '全部', '共有', '现有'].map(
          (w) => `${w}班组`,
        ),
      ],
    },
    { aliases: ['累计班组', '班组总数', '累计学习型班组'] },
  ),
  {
    key: 'enterpriseStatus',
    type: 'choice',
    label: { zh: '学习型企业创建', en: 'Learning-enterprise creation' },
    question: {
      zh: '本单位“学习型企业”创建进展到哪一步了？',
      en: 'Where does the unit stand in creating a learning enterprise (学习型企业)?',
    },
    hint: {
      zh: '请选择：未启动 / 已启动 / 推进中 / 已达标',
      en: 'Choose: not started / started / in progress / reached',
    },
    required: true,
    choices: STATUS,
    aliases: ['学习型企业', '企业创建'],
    extract: { all: [['学习型企业', '学习型单位']] },
  },
  {
    key: 'unionStatus',
    type: 'choice',
    label: { zh: '学习型工会创建', en: 'Learning-union creation' },
    question: {
      zh: '本单位“学习型工会”创建进展到哪一步了？',
      en: 'Where does the unit stand in creating a learning trade union (学习型工会)?',
    },
    hint: {
      zh: '请选择：未启动 / 已启动 / 推进中 / 已达标',
      en: 'Choose: not started / started / in progress / reached',
    },
    required: true,
    choices: STATUS,
    aliases: ['学习型工会', '工会创建'],
    extract: { all: [['学习型工会']] },
  },
  int(
    'trainingSessions',
    ['培训场次', 'Training sessions'],
    ['本月举办了几场（期）职工培训？', 'How many training sessions were held this month?'],
    ['场', ''],
    {
      all: [[...TRAINING, '办班', '培训班', '开班', '开课', '培训课']],
      units: ['场', '期', '次', '个', '班', '批', '轮', '堂', '节', '场次', '期次', '批次', '班次', '轮次'],
      exclude: ['人次', '人数', '参训', '受训', ...MIGRANT],
      aboutOthers: { words: MIGRANT, unless: ['职工', '员工', '全员'] },
      zero: true,
    },
    { max: 10_000, aliases: ['培训场次', '培训次数', '培训期数'] },
  ),
  int(
    'trainingParticipants',
    ['培训人次', 'Training participants (person-times)'],
    ['本月职工培训共多少人次参加？', 'How many person-times attended training this month?'],
    ['人次', 'person-times'],
    {
      all: [[...TRAINING, '参训', '受训', '听课', '听讲']],
      units: PEOPLE,
      exclude: [...MIGRANT, '场次', '期数'],
      aboutOthers: { words: MIGRANT, unless: ['职工', '员工', '全员'] },
    },
    { max: 1_000_000, aliases: ['参训人次', '培训人数'] },
  ),
  {
    key: 'fundRatio',
    type: 'percent',
    label: { zh: '职工教育经费占工资总额比例', en: 'Education fund as % of payroll' },
    question: {
      zh: '本年度职工教育和培训经费占工资总额的比例是多少？',
      en: 'What share of the payroll goes to worker education and training this year (%)?',
    },
    hint: { zh: '填百分比，例如 1.8% 或“百分之一点八”', en: 'A percentage, e.g. 1.8%' },
    unit: { zh: '%', en: '%' },
    required: true,
    min: 0,
    max: 100,
    aliases: ['经费比例', '经费占比', '教育经费', '培训经费'],
    extract: { all: [['经费', '工资总额', '工资']], yearly: true },
  },
  {
    key: 'fundInContract',
    type: 'yesno',
    label: { zh: '培训经费纳入职代会/集体合同', en: 'Training funds in the workers’ congress / collective contract' },
    question: {
      zh: '职业技能培训和经费保证是否已纳入职代会、厂务公开或集体合同内容？',
      en: 'Are training and its funding part of the workers’ congress, open-affairs or collective-contract agenda?',
    },
    hint: { zh: '请回答“是”或“否”', en: 'Answer yes or no' },
    required: true,
    aliases: ['集体合同', '职代会', '纳入集体合同'],
  },
  int(
    'competitions',
    ['技术比武/技能竞赛/岗位练兵', 'Skill contests and drills'],
    [
      '本月举办了几场技术比武、技能竞赛或岗位练兵活动？',
      'How many skill contests, competitions or on-the-job drills were held this month?',
    ],
    ['场', ''],
    {
      all: [['比武', '竞赛', '练兵', '比赛', '大赛', '擂台', '比拼', '赛事', '技能赛']],
      units: ['场', '次', '项', '个', '届', '轮', '期', '场次', '轮次'],
      exclude: ['参赛', '人次', '人数', '选手'],
      zero: true,
    },
    { max: 10_000, aliases: ['技能竞赛', '技术比武', '岗位练兵', '竞赛场次'] },
  ),
  int(
    'competitionParticipants',
    ['竞赛参与人数', 'Contest participants'],
    ['这些比武、竞赛、练兵活动共有多少人参加？', 'How many people took part in those contests and drills?'],
    ['人', ''],
    {
      all: [['比武', '竞赛', '练兵', '比赛', '参赛', '大赛', '擂台', '比拼', '选手', '赛事', '技能赛']],
      units: PEOPLE,
      // Winners, judges and onlookers are not the participants.
      exclude: [
        '场次',
        '获奖',
        '荣获',
        '夺得',
        '晋级',
        '入围',
        '评委',
        '裁判',
        '等奖',
        '优胜',
        '表彰',
        '评出',
        '评为',
        '命名',
      ],
    },
    { max: 1_000_000, aliases: ['参赛人数', '竞赛人数', '练兵人数'] },
  ),
  int(
    'readingParticipants',
    ['读书自学活动参与人数', 'Reading and self-study participants'],
    [
      '本月参加读书自学活动的职工有多少人？',
      'How many workers took part in reading and self-study activities this month?',
    ],
    ['人', ''],
    {
      all: [['读书', '自学', '阅读', '书香', '书屋', '悦读', '荐书', '好书', '图书', '共读', '诵读', '朗读', '书友']],
      units: PEOPLE,
    },
    { max: 1_000_000, aliases: ['读书活动', '读书人数', '自学人数'] },
  ),
  int(
    'newHighSkill',
    ['新增高技能人才', 'New highly skilled workers'],
    [
      '本月新增高技能人才（技师、高级技师等）多少名？',
      'How many new highly skilled workers (technicians, senior technicians) this month?',
    ],
    ['名', ''],
    {
      all: [
        ['高技能', '技师', '高级技师', '首席技师', '特级技师', '高级工', '技能大师', '高级技工'],
        [
          '新增',
          '新评',
          '新取得',
          '取得',
          '考取',
          '考出',
          '拿到',
          '获得',
          '晋升',
          '晋级',
          '新晋',
          '认定',
          '评定',
          '评聘',
          '获评',
          '通过',
          '新培养',
          '培养',
        ],
      ],
      // 新增技师两个: people counted with 个 when dictated
      units: [...PEOPLE, '个'],
      exclude: ['现有', '共有', '总数', '累计'],
      zero: true,
    },
    { max: 100_000, aliases: ['高技能人才', '高技能'] },
  ),
  int(
    'migrantTrained',
    ['进城务工人员培训人数', 'Migrant workers trained'],
    ['本月培训进城务工人员多少人？', 'How many migrant workers (进城务工人员) were trained this month?'],
    ['人', ''],
    { all: [MIGRANT], context: [[...TRAINING, '参训', '受训', '学员', '技能提升']], units: PEOPLE },
    { max: 1_000_000, aliases: ['进城务工', '农民工', '务工人员'] },
  ),
  int(
    'commended',
    ['知识型职工表彰', 'Knowledge workers commended'],
    ['本月表彰了多少名知识型职工？（选填）', 'How many knowledge workers were commended this month? (optional)'],
    ['名', ''],
    {
      all: [
        ['知识型职工', '知识型教职工', '知识型员工'],
        ['表彰', '命名', '评选', '评为', '获评', '评出', '授予'],
      ],
      units: PEOPLE,
    },
    { required: false, max: 100_000, aliases: ['表彰', '知识型职工'] },
  ),
  {
    key: 'highlights',
    type: 'text',
    label: { zh: '工作亮点和典型经验', en: 'Highlights and typical experience' },
    question: {
      zh: '本月有哪些工作亮点或典型经验？（选填）',
      en: 'Any highlights or typical experience this month? (optional)',
    },
    hint: { zh: '一两句话即可，不超过 1000 字', en: 'A sentence or two, at most 1000 characters' },
    required: false,
    max: 1000,
    aliases: ['亮点', '经验', '典型经验'],
  },
  {
    key: 'problems',
    type: 'text',
    label: { zh: '存在问题和需求', en: 'Problems and needs' },
    question: {
      zh: '目前有什么困难、问题或需要市总工会支持的地方？（选填）',
      en: 'Any problems or needs the federation should know about? (optional)',
    },
    hint: { zh: '一两句话即可，不超过 1000 字', en: 'A sentence or two, at most 1000 characters' },
    required: false,
    max: 1000,
    aliases: ['问题', '需求', '困难'],
  },
];

/** Rules every channel applies (src/forms/checks.ts): totals not below their parts, and a ratio above 10% confirmed. */
const checks: FormCheck[] = [
  { kind: 'atLeast', field: 'groupsTotal', other: 'groupsNew', message: 'forms.err.total_below_new' },
  { kind: 'atLeast', field: 'trainingParticipants', other: 'trainingSessions', message: 'forms.err.below_sessions' },
  {
    kind: 'atLeast',
    field: 'competitionParticipants',
    other: 'competitions',
    message: 'forms.err.below_contests',
  },
  { kind: 'confirmAbove', field: 'fundRatio', above: 10, message: 'forms.confirm_value' },
];

export const monthlyReportSchema = objectSchema(fields).superRefine(refineChecks({ checks }));

const FUND_QUOTE =
  '一般企业要保证职工教育和培训经费不低于工资总额的1.5%，从业人员技术素质要求高、培训任务重、经济效益好的企业，培训经费不低于工资总额的2.5%';

function warnings(values: Record<string, unknown>, ctx: { unit: { type: string; highTrainingNeeds: boolean } | null }) {
  const out: FormWarning[] = [];
  const r = values['fundRatio'];
  if (typeof r === 'number') {
    const high = ctx.unit?.type === '企业' && ctx.unit.highTrainingNeeds;
    const min = high ? 2.5 : 1.5;
    if (r < min) {
      out.push({
        field: 'fundRatio',
        text: {
          zh: `提醒：职工教育经费占比 ${r}% 低于${high ? '培训任务重的企业' : '一般企业'}不低于 ${min}% 的要求。《意见》四、：“一般企业要保证职工教育和培训经费不低于工资总额的1.5%……培训经费不低于工资总额的2.5%”。这只是提醒，可以照常提交。`,
          en: `Note: an education-fund ratio of ${r}% is below the ${min}% minimum the campaign document sets for ${high ? 'enterprises with high training needs' : 'ordinary enterprises'} (section 4). You can still submit.`,
        },
        citation: {
          doc: '无锡市两争一树活动意见(2006)',
          locator: '四、探索开展“两争一树”活动的方法途径',
          quote: FUND_QUOTE,
        },
      });
    }
  }
  return out;
}

export const monthlyReport: FormDefinition = {
  id: 'monthly',
  version: 1,
  title: { zh: '“两争一树”月度进展填报', en: '两争一树 monthly progress report' },
  owner: 'unit',
  periodField: 'month',
  command: { names: ['report', '填报', '月报'], bareAliases: ['填报', '月报'], help: 'forms.help.report' },
  fields,
  schema: monthlyReportSchema as unknown as FormDefinition['schema'],
  checks,
  warnings,
};

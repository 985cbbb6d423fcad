/**
 * English as officers mix it into a report paragraph (“Nov report: training 3 sessions, 142
 * person-times”), rewritten into the Chinese cue words and measure words the reader knows before any
 * number is placed. Product data (tested in test/forms/fill-english.test.ts); longest phrases first.
 * Each entry is [English phrase (case-insensitive, whole words; `s?` plurals allowed), Chinese].
 */
export const ENGLISH_CUES: [string, string][] = [
  // Fields named whole
  ['(?:new|newly created|newly formed) learning (?:teams?|groups?)', '新建学习型班组'],
  ['learning (?:teams?|groups?) (?:created|formed|set up)(?: this month)?', '新建学习型班组'],
  ['(?:cumulative|total|all) learning (?:teams?|groups?)', '累计学习型班组'],
  ['learning (?:teams?|groups?) in total', '累计学习型班组'],
  ['learning (?:teams?|groups?)', '学习型班组'],
  ['learning enterprises?', '学习型企业'],
  ['learning (?:trade )?unions?', '学习型工会'],
  ['training sessions?', '培训场次'],
  ['training (?:courses?|classes)', '培训班'],
  ['training (?:participants|attendance|attendees)', '培训人次'],
  ['(?:education|training) (?:and training )?funds? (?:ratio|share)', '教育经费占工资总额比例'],
  ['(?:education|training) (?:and training )?funds?', '职工教育经费'],
  ['(?:as )?(?:a )?(?:%|percent|share) of (?:the )?payroll', '占工资总额比例'],
  ['payroll', '工资总额'],
  ['included in the collective contract', '纳入集体合同'],
  ['(?:in|part of) the collective contract', '纳入集体合同'],
  ['collective contracts?', '集体合同'],
  ["workers'? congress", '职代会'],
  ['migrant workers? trained', '农民工培训'],
  ['trained migrant workers?', '培训农民工'],
  ['migrant workers?', '农民工'],
  ['migrants?', '农民工'],
  ['skill(?:s)? (?:contests?|competitions?)', '技能竞赛'],
  ['technical (?:contests?|competitions?)', '技术比武'],
  ['(?:on-the-job |job |skill )?drills?', '岗位练兵'],
  ['(?:contests?|competitions?)', '竞赛'],
  ['(?:contestants?|competitors?)', '名选手参赛'],
  ['reading (?:and self-study )?(?:activities|activity|participants|readers)', '读书活动参与人数'],
  ['reading|book clubs?', '读书'],
  ['self-study', '自学'],
  ['(?:high-skill(?:ed)?|highly skilled) (?:talents?|workers?|staff)', '高技能人才'],
  ['high-skill(?:ed)?|highly skilled', '高技能'],
  ['senior technicians?', '高级技师'],
  ['technicians?', '技师'],
  ['knowledge workers? commended', '表彰知识型职工'],
  ['knowledge workers?', '知识型职工'],
  ['commendations?|commended', '表彰'],
  // Statuses
  ['not (?:yet )?started', '未启动'],
  ['in progress|ongoing|under way|underway', '推进中'],
  ['reached the standard|standard reached|(?:has )?reached|qualified', '已达标'],
  ['(?:has )?started|launched', '已启动'],
  // Counts and measure words (after a number)
  ['person-times?|person times?|attendances?|man-times?', '人次'],
  ['(?:participants?|attendees?|people took part)', '人参加'],
  ['trainees?', '参训'],
  ['(?:people|persons|employees|workers|staff)', '人'],
  ['sessions?|classes|rounds?|events?', '场'],
  ['trained|training', '培训'],
  // Periods and totals
  ['this month', '本月'],
  ['last month', '上月'],
  ['next month', '下月'],
  ['cumulative(?:ly)?|in total|total(?:ling)?|altogether', '累计'],
  ['of which|including|among them', '其中'],
  ['new(?:ly)?', '新增'],
  ['none|no', '无'],
];

/** Month names and their short forms; `May` only capitalised (may is a modal). */
export const ENGLISH_MONTHS: [string, number][] = [
  ['January|Jan', 1],
  ['February|Feb', 2],
  ['March|Mar', 3],
  ['April|Apr', 4],
  ['May', 5],
  ['June|Jun', 6],
  ['July|Jul', 7],
  ['August|Aug', 8],
  ['September|Sept|Sep', 9],
  ['October|Oct', 10],
  ['November|Nov', 11],
  ['December|Dec', 12],
];

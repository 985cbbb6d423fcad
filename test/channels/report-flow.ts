import type { TestApp } from '../helpers/app.js';

/** The web admin `boss` makes `identity` the officer of 无锡一棉 and registers that unit. */
export async function seedReportingOfficer(t: TestApp, identity: string): Promise<void> {
  await t.chat({ userId: 'boss', text: `/officer ${identity} 无锡一棉` });
  await t.chat({ userId: 'boss', text: '/unit add 无锡一棉 梁溪区 企业 是' });
}

/** A typed answer in the monthly report conversation, and what the reply to it must ask next. */
export type Step = readonly [answer: string, next: string];

/** After "哪个月": one paragraph fills several questions, then the total of groups. Same on every platform. */
export const REPORT_OPENING: readonly Step[] = [
  ['本月新建班组3个，培训两场共一百二十人次，经费占比1.8%', '本月新建学习型班组：3 个'],
  ['15个', '学习型企业'],
];

/** After the union-status button: the typed answers up to the last question (困难). Same on every platform. */
export const REPORT_AFTER_STATUS: readonly Step[] = [
  ['是', '技术比武'],
  ['两场', '多少人参加'],
  ['80人', '读书自学'],
  ['四十五人', '高技能'],
  ['3名', '进城务工'],
  ['30', '表彰'],
  ['跳过', '亮点'],
  ['开展师带徒结对活动', '困难'],
];

import type { FieldChoice, FieldDef } from '../types.js';

/**
 * The monthly report's vocabulary and field builder: the creation statuses and the words officers use
 * for people, migrant workers and training (product data, tested with the paragraph fill).
 */
export const STATUS: FieldChoice[] = [
  {
    value: 'none',
    label: { zh: '未启动', en: 'Not started' },
    synonyms: [
      '尚未启动',
      '没有启动',
      '没启动',
      '还没启动',
      '未开始',
      '没开始',
      '还没开始',
      '尚未开始',
      '没有开展',
      '还没开展',
      '未开展',
      '尚未开展',
      '暂未开展',
      '还未开展',
      '未启动',
      '暂未启动',
    ],
  },
  {
    value: 'started',
    label: { zh: '已启动', en: 'Started' },
    synonyms: ['启动了', '刚启动', '刚刚启动', '已经启动', '启动', '刚开始', '已开始', '开始了', '起步'],
  },
  {
    value: 'ongoing',
    label: { zh: '推进中', en: 'In progress' },
    synonyms: ['正在推进', '推进', '进行中', '创建中', '正在创建', '在推进', '稳步推进'],
  },
  {
    value: 'reached',
    label: { zh: '已达标', en: 'Reached the standard' },
    // 被命名为市级学习型工会, 获授牌: the title is the standard reached
    synonyms: [
      '达标',
      '已经达标',
      '通过验收',
      '已验收',
      '验收通过',
      '已建成',
      '达到标准',
      '被命名',
      '命名为',
      '授牌',
      '挂牌',
    ],
  },
];

export const int = (
  key: string,
  label: [string, string],
  question: [string, string],
  unit: [string, string],
  extract: FieldDef['extract'],
  opts: Partial<FieldDef> = {},
): FieldDef => ({
  key,
  type: 'integer',
  label: { zh: label[0], en: label[1] },
  question: { zh: question[0], en: question[1] },
  hint: { zh: `填写整数，例如 3 或“三${unit[0]}”；没有请填 0`, en: `A whole number, e.g. 3; enter 0 if none` },
  unit: { zh: unit[0], en: unit[1] },
  required: true,
  min: 0,
  max: 100_000,
  extract,
  ...opts,
});

export const PEOPLE = ['人', '名', '位', '人次', '个人'];

/** 进城务工人员 as officers write them (外来务工人员, 农民工, 新市民…). */
export const MIGRANT = ['务工', '农民工', '新市民', '外来工', '外来人员', '外来工人', '转移劳动力'];
/** Training as officers write it: 培训班, 讲座, 大讲堂, 职工课堂, 夜校, 送教, 研修班, 实训… */
export const TRAINING = [
  '培训',
  '轮训',
  '集训',
  '讲座',
  '夜校',
  '送教',
  '授课',
  '讲堂',
  '课堂',
  '学堂',
  '微课',
  '研修',
  '进修',
  '学习班',
  '实训',
  '训练营',
  '提升班',
  '辅导班',
];

import { objectSchema } from '../schema.js';
import type { FieldDef, FormDefinition } from '../types.js';

/**
 * A small second form — sign-up for the 职工读书自学活动 (《意见》四、“拓宽学习领域，推进职工读书活动新发展”).
 * It exists to show that a form is data: this file and one line in definitions/index.ts, no engine change.
 */
const fields: FieldDef[] = [
  {
    key: 'name',
    type: 'text',
    label: { zh: '姓名', en: 'Name' },
    question: { zh: '请问您的姓名？', en: 'Your name?' },
    hint: { zh: '例如 王芳', en: 'e.g. Wang Fang' },
    required: true,
    max: 40,
  },
  {
    key: 'track',
    type: 'choice',
    label: { zh: '自学方向', en: 'Study track' },
    question: { zh: '您想参加哪个方向的读书自学？', en: 'Which study track would you like to join?' },
    hint: { zh: '请选择一个方向', en: 'Choose one' },
    required: true,
    choices: [
      { value: 'skills', label: { zh: '岗位技能', en: 'Job skills' }, synonyms: ['技能', '技术'] },
      { value: 'culture', label: { zh: '科学文化', en: 'Science and culture' }, synonyms: ['文化', '科普'] },
      { value: 'ethics', label: { zh: '职业道德', en: 'Work ethics' }, synonyms: ['道德'] },
    ],
  },
  {
    key: 'booksPerMonth',
    type: 'integer',
    label: { zh: '每月计划读书', en: 'Books per month' },
    question: { zh: '每月计划读几本书？', en: 'How many books do you plan to read a month?' },
    hint: { zh: '填写 1–10 的整数', en: 'A whole number from 1 to 10' },
    unit: { zh: '本', en: 'books' },
    required: true,
    min: 1,
    max: 10,
    extract: { all: [['读', '书']], units: ['本'], plan: true },
  },
  {
    key: 'share',
    type: 'yesno',
    label: { zh: '愿意分享读书心得', en: 'Willing to share notes' },
    question: { zh: '是否愿意在班组里分享读书心得？', en: 'Would you share your reading notes with your team?' },
    hint: { zh: '请回答“是”或“否”', en: 'Answer yes or no' },
    required: false,
  },
];

export const readingSignup: FormDefinition = {
  id: 'reading',
  version: 1,
  title: { zh: '职工读书自学活动报名', en: 'Reading and self-study sign-up' },
  owner: 'person',
  periodField: null,
  command: { names: ['reading', '读书报名'], bareAliases: ['读书报名'], help: 'forms.help.reading' },
  fields,
  schema: objectSchema(fields) as unknown as FormDefinition['schema'],
};

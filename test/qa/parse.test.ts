import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { listCorpus, loadFile, parseText } from '../../src/qa/load.js';
import { normalizeDisplay } from '../../src/qa/normalize.js';
import { chineseToArabic, numberTokens } from '../../src/qa/numerals.js';
import { SEED_DIR, tempDir } from './helpers.js';

const SEED = path.join(SEED_DIR, '无锡市两争一树活动意见(2006).txt');

describe('official document parsing (seed doc)', async () => {
  const { title, passages } = parseText('无锡市两争一树活动意见(2006)', await readFile(SEED, 'utf8'));
  const at = (loc: string) => passages.find((p) => p.locator === loc);

  it('takes the first line as title', () => {
    expect(title).toContain('争创学习型组织');
  });

  it('keeps numbered places: 开篇, 三、(二), topic paragraphs', () => {
    expect(at('开篇')?.text).toContain('2004年，江苏省总工会等九部厅');
    expect(at('三、(二)')?.text).toContain('2004年——2006年为启动阶段');
    expect(at('五（成立组织机构）')?.text).toContain('无锡市总工会宣教部');
    expect(at('四（拓宽学习领域）')?.text).toContain('1.5%');
  });

  it('restarts numbering in annexes: 附件二 四、5 does not collide with the body 四、', () => {
    expect(at('附件二 四、5')?.text).toContain('六月份');
    expect(at('附件二 三、1')?.text).toContain('两项调研');
    expect(at('附件一 二')?.text).toContain('张帆（兼）');
    const body4 = passages.filter((p) => p.locator.startsWith('四'));
    expect(body4.every((p) => !p.text.includes('演讲比赛'))).toBe(true);
    expect(new Set(passages.map((p) => p.locator)).size).toBe(passages.length);
  });
});

describe('law parsing', () => {
  const law = [
    '# 中华人民共和国示例法',
    '',
    '2018年12月29日 通过',
    '',
    '<!-- INFO END -->',
    '',
    '## 第一章 总则',
    '',
    '第一条 为了示例，制定本法。',
    '',
    '## 第四章 工作时间和休息休假',
    '',
    '### 第一节 加班',
    '',
    '第四十四条 有下列情形之一的，用人单位应当支付工资报酬：',
    '',
    '（一）安排劳动者延长工作时间的，支付不低于工资的百分之一百五十的工资报酬；',
    '',
    '（三）法定休假日安排劳动者工作的，支付不低于工资的百分之三百的工资报酬。',
    '',
    '第四十五条 国家实行带薪年休假制度。',
  ].join('\n');
  const { title, passages } = parseText('示例法(2018-12-29)', law);

  it('reads title, chapters, sections and articles with their 款/项', () => {
    expect(title).toBe('中华人民共和国示例法');
    expect(passages.map((p) => p.locator)).toEqual(['第一条', '第四十四条', '第四十五条']);
    const a44 = passages[1];
    expect(a44?.heading).toBe('第四章 工作时间和休息休假 第一节 加班');
    expect(a44?.text).toContain('百分之三百');
    expect(a44?.text.startsWith('有下列情形之一的')).toBe(true);
  });
});

describe('normalisation', () => {
  it('de-spaces names and folds full-width forms', () => {
    expect(normalizeDisplay('主  任：张  帆（兼）  无锡市总工会副主席')).toBe('主任：张帆（兼） 无锡市总工会副主席');
    expect(normalizeDisplay('１５％ ＡＢＣ')).toBe('15% ABC');
  });

  it('matches Chinese and Arabic numerals', () => {
    expect(numberTokens('用人单位有会员二十五人以上的')).toContain('25');
    expect(numberTokens('25人')).toContain('25');
    expect(numberTokens('不低于工资总额的百分之一点五')).toContain('1.5%');
    expect(numberTokens('不低于工资总额的1.5%')).toContain('1.5%');
    expect(numberTokens('百分之一百五十')).toContain('150%');
    expect(chineseToArabic('三十六')).toBe('36');
    expect(chineseToArabic('二〇〇八')).toBe('2008');
    expect(numberTokens('统一安排周六')).toEqual([]);
  });
});

describe('GB18030/GBK text files', () => {
  const tmp = tempDir('gbk');
  afterAll(async () => (await tmp).cleanup());

  it('detects the encoding instead of garbling', async () => {
    const { dir } = await tmp;
    const text = '关于职工休假的通知\n一、年休假\n职工累计工作已满1年不满10年的，年休假5天。\n';
    await writeFile(path.join(dir, '休假通知.txt'), iconv.encode(text, 'gbk'));
    const [file] = await listCorpus([dir]);
    expect(file?.doc).toBe('休假通知');
    const { title, passages } = await loadFile(file as NonNullable<typeof file>);
    expect(title).toBe('关于职工休假的通知');
    expect(passages[0]?.locator).toBe('一');
    expect(passages[0]?.text).toContain('年休假5天');
  });
});

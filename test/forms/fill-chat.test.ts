import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/types.js';
import { formatValue } from '../../src/forms/answers.js';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { fakeClock, startTestApp, type TestApp, uniquePrefix } from '../helpers/app.js';

// The acceptance run in small: development paragraphs pasted into the web chat (POST /api/chat, real
// Redis), every remaining question answered the way a plain script would (the stated value, else 0,
// 推进中, 是 or 跳过), 是 to every confirmation, then the filed report compared with what was stated.
interface Item {
  id: string;
  text: string;
  expect: Record<string, unknown>;
}
const items = readFileSync(process.env['FILL_CHAT_FILE'] ?? 'test/fixtures/forms/paragraphs-dev.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Item)
  .filter((_, i) => process.env['FILL_CHAT_FILE'] !== undefined || i % 3 === 0);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ REDIS_PREFIX: uniquePrefix('fill-chat') }, { clock: fakeClock('2026-12-15T04:00:00Z') });
});
afterAll(async () => {
  await t.close();
});

function answerFor(item: Item, q: Reply): { text?: string; action?: string } {
  const values = (q.choices ?? []).map((c) => c.value);
  if (values.includes('form:sure:yes')) return { action: 'form:sure:yes' };
  if (values.includes('form:confirm')) return { text: '确认提交' };
  const n = Number(/（(\d+)\/\d+）/.exec(q.text)?.[1] ?? 0);
  const f = monthlyReport.fields[n - 1];
  if (!f) throw new Error(`${item.id}: not a question: ${q.text}`);
  const stated = item.expect[f.label.zh];
  if (stated !== undefined) return { text: String(stated) };
  if (!f.required) return { text: '跳过' };
  return { text: { integer: '0', percent: '1.5', choice: '推进中', yesno: '是', month: '本月', text: '无' }[f.type] };
}

describe('development paragraphs through the web chat', () => {
  it('every report is submitted, with no stated field wrong', async () => {
    let wrong = 0;
    let stated = 0;
    for (const [i, item] of items.entries()) {
      const unit = await t.app.services.forms.upsertUnit({
        name: `单位${i}`,
        district: '梁溪区',
        type: '企业',
        highTrainingNeeds: false,
      });
      await t.app.services.forms.bindOfficer(`web:o${i}`, unit.id);
      const say = (body: { text?: string; action?: string }) => t.chat({ userId: `o${i}`, chatId: `c${i}`, ...body });
      await say({ text: '/report' });
      let r = await say({ text: item.text });
      let done = false;
      for (let step = 0; step < 40 && !done; step++) {
        const a = answerFor(item, r.at(-1)!);
        r = await say(a);
        done = r.some((x) => x.text.includes('已提交'));
      }
      expect(done, `${item.id}: ${r.map((x) => x.text).join(' | ')}`).toBe(true);
      const month = String(item.expect['报告月份'] ?? '2026-12');
      const rep = await t.app.services.forms.getReport(unit.id, month);
      expect(rep, item.id).not.toBeNull();
      for (const f of monthlyReport.fields) {
        const want = item.expect[f.label.zh];
        if (want === undefined) continue;
        stated++;
        const got =
          f.type === 'choice' || f.type === 'yesno' ? formatValue(f, rep!.data[f.key], 'zh') : rep!.data[f.key];
        if (got !== want) wrong++;
      }
    }
    expect(stated).toBeGreaterThan(60);
    expect(wrong).toBe(0);
  });
});

describe('a paragraph that names no month, or two', () => {
  it('fills the numbers and asks which month, never guessing it', async () => {
    const unit = await t.app.services.forms.upsertUnit({
      name: '无月份单位',
      district: '梁溪区',
      type: '企业',
      highTrainingNeeds: false,
    });
    for (const [i, para] of ['培训3场，参训120人次。', '10月培训3场，11月培训4场，参训120人次。'].entries()) {
      await t.app.services.forms.bindOfficer(`web:nm${i}`, unit.id);
      const say = (text: string) => t.chat({ userId: `nm${i}`, chatId: `nm${i}`, text });
      await say('/report');
      const r = (await say(para)).map((x) => x.text).join('\n');
      expect(r).toContain('培训人次：120 人次');
      expect(r).not.toContain('报告月份：');
      expect(r).toContain('这份月报是哪个月的？');
    }
  });
});

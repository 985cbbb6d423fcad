import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, startTestApp, type TestApp, waitQueuesIdle } from '../helpers/app.js';
import { updates, waitFor } from '../calendar/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ ADMINS: 'web:boss', REPORT_CHASE_DAY: '5' }, { clock: fakeClock('2026-06-05T01:00:00Z') });
});
afterAll(async () => {
  await t.close();
});

describe('report chasing', () => {
  it('registers the monthly schedulers with the time zone set explicitly', async () => {
    const { Queue } = await import('bullmq');
    const q = new Queue('calendar', { connection: t.app.deps.redis, prefix: t.app.deps.keys.bullPrefix });
    const one = await q.getJobScheduler('chase-reports-1');
    const two = await q.getJobScheduler('chase-reports-2');
    expect(one).toMatchObject({ pattern: '0 9 5 * *', tz: 'Asia/Shanghai' });
    expect(two).toMatchObject({ pattern: '0 9 8 * *', tz: 'Asia/Shanghai' });
    await q.close();
  });

  it('DMs officers of units without last month’s report and sends staff the stragglers, once per round', async () => {
    const forms = t.app.services.forms;
    const a = await forms.upsertUnit({ name: '无锡一棉', district: '梁溪区', type: '企业', highTrainingNeeds: false });
    const b = await forms.upsertUnit({
      name: '滨湖区教育局',
      district: '滨湖区',
      type: '机关',
      highTrainingNeeds: false,
    });
    await forms.bindOfficer('web:oa', a.id);
    await forms.bindOfficer('web:ob', b.id);
    const svc = t.app.services.calendar;
    await svc.runChase(1);
    const dm = await waitFor(async () => (await updates(t, 'oa'))[0], 8000, 'officer DM');
    expect(dm.text).toContain('【月报提醒】');
    expect(dm.text).toContain('无锡一棉');
    expect(dm.text).toContain('2026-05');
    await waitFor(async () => (await updates(t, 'ob')).length === 1, 8000, 'second officer');
    const staff = await waitFor(async () => (await updates(t, 'boss'))[0], 8000, 'staff list');
    expect(staff.text).toContain('2 个单位');
    expect(staff.text).toContain('• 无锡一棉');
    expect(staff.text).toContain('• 滨湖区教育局');

    await svc.runChase(1); // a replica or restart running the same round changes nothing
    await svc.runChase(2);
    await waitFor(async () => (await updates(t, 'oa')).length === 2, 8000, 'second round');
    await waitQueuesIdle(t);
    const texts = (await updates(t, 'oa')).map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('再次提醒');
    expect(await updates(t, 'boss')).toHaveLength(2);
  });
});

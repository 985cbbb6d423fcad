import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { formsApp } from './helpers.js';

type App = Awaited<ReturnType<typeof formsApp>>;
let t: App;
let unitId: string;

/** A complete, valid monthly report: every required field filled from the definition. */
function fullReport(month: string, groupsNew = 2): Record<string, unknown> {
  const data: Record<string, unknown> = { month };
  for (const f of monthlyReport.fields) {
    if (!f.required || f.key === 'month') continue;
    if (f.type === 'integer') data[f.key] = 5;
    else if (f.type === 'percent') data[f.key] = 1.8;
    else if (f.type === 'choice') data[f.key] = f.choices?.[0]?.value;
    else if (f.type === 'yesno') data[f.key] = true;
    else data[f.key] = '无';
  }
  data['groupsNew'] = groupsNew;
  data['groupsTotal'] = 10;
  return data;
}

beforeAll(async () => {
  t = await formsApp();
  const u = await t.forms.upsertUnit({
    name: '锡山区直属工会',
    district: '锡山区',
    type: '机关',
    highTrainingNeeds: false,
  });
  unitId = u.id;
});
afterAll(async () => {
  await t.close();
});

describe('FormsService.submitReport', () => {
  it('records validated data as the next version, seen by every other reader', async () => {
    const v1 = await t.forms.submitReport(monthlyReport.id, unitId, '2026-10', fullReport('2026-10'), 'slack:U1');
    expect(v1).toMatchObject({ version: 1, by: 'slack:U1', at: '2026-11-20T02:00:00.000Z' });
    expect(v1.data).toMatchObject({ month: '2026-10', groupsNew: 2, groupsTotal: 10 });
    // The month field may be left out: it comes from the month argument.
    const { month: _m, ...rest } = fullReport('2026-10', 3);
    const v2 = await t.forms.submitReport(monthlyReport.id, unitId, '2026-10', rest, 'slack:U2');
    expect(v2.version).toBe(2);
    expect(await t.forms.getReport(unitId, '2026-10')).toEqual(v2);
    expect((await t.forms.reportHistory(unitId, '2026-10')).map((v) => [v.version, v.by, v.data['groupsNew']])).toEqual(
      [
        [1, 'slack:U1', 2],
        [2, 'slack:U2', 3],
      ],
    );
    expect((await t.forms.missingReports('2026-10')).map((u) => u.id)).not.toContain(unitId);
    expect(await t.forms.reportMonths()).toContain('2026-10');
  });

  it('gives concurrent submissions distinct consecutive versions', async () => {
    const all = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.forms.submitReport(monthlyReport.id, unitId, '2026-09', fullReport('2026-09'), `web:p${i}`),
      ),
    );
    expect(all.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await t.forms.reportHistory(unitId, '2026-09')).toHaveLength(8);
  });

  it('refuses data the form schema rejects, and writes nothing', async () => {
    const bad = [
      fullReport('2026-08', 20), // more new teams than teams in total
      { ...fullReport('2026-08'), groupsNew: -1 },
      { month: '2026-08' }, // required fields missing
    ];
    for (const data of bad) {
      await expect(t.forms.submitReport(monthlyReport.id, unitId, '2026-08', data, 'web:x')).rejects.toMatchObject({
        code: 'forms_invalid_report',
      });
    }
    expect(await t.forms.getReport(unitId, '2026-08')).toBeNull();
  });

  it('refuses a bad or mismatched month, an unknown unit and a form that is not a monthly unit form', async () => {
    const submit = (form: string, unit: string, month: string, data: Record<string, unknown>) =>
      t.forms.submitReport(form, unit, month, data, 'web:x');
    await expect(submit(monthlyReport.id, unitId, '2026-13', fullReport('2026-13'))).rejects.toMatchObject({
      code: 'forms_invalid_report',
    });
    await expect(submit(monthlyReport.id, unitId, '2026-07', fullReport('2026-06'))).rejects.toMatchObject({
      code: 'forms_invalid_report',
    });
    await expect(submit(monthlyReport.id, 'no-such-unit', '2026-07', fullReport('2026-07'))).rejects.toMatchObject({
      code: 'forms_unknown_unit',
    });
    await expect(submit('reading', unitId, '2026-07', fullReport('2026-07'))).rejects.toMatchObject({
      code: 'forms_unknown_form',
    });
    await expect(submit('nope', unitId, '2026-07', fullReport('2026-07'))).rejects.toMatchObject({
      code: 'forms_unknown_form',
    });
    expect(await t.forms.getReport(unitId, '2026-07')).toBeNull();
    expect(await t.forms.getReport(unitId, '2026-06')).toBeNull();
  });
});

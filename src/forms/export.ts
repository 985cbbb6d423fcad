import ExcelJS from 'exceljs';
import { formatValue } from './answers.js';
import { monthlyReport } from './definitions/index.js';
import type { ReportStore } from './reports.js';
import type { Unit } from './units.js';
import { cellText } from '../core/cells.js';

export interface ExportTable {
  headers: string[];
  rows: (string | number)[][];
}

/** One row per registered unit for a month, Chinese headers, blank cells where nothing was filed. */
export async function exportRows(reports: ReportStore, units: Unit[], month: string): Promise<ExportTable> {
  const fields = monthlyReport.fields.filter((f) => f.key !== 'month');
  const headers = [
    '单位',
    '所在区',
    '单位类型',
    '高培训需求',
    '月份',
    '填报状态',
    ...fields.map((f) => f.label.zh + (f.type === 'percent' ? '(%)' : '')),
    '版本',
    '提交人',
    '提交时间',
  ];
  const got = await reports.many(
    monthlyReport.id,
    units.map((u) => u.id),
    month,
  );
  const rows = units.map((u, i) => {
    const r = got[i];
    const cells: (string | number)[] = [
      u.name,
      u.district,
      u.type,
      u.highTrainingNeeds ? '是' : '否',
      month,
      r ? '已提交' : '未提交',
    ];
    for (const f of fields) {
      const v = r?.data[f.key];
      if (v === undefined || v === null) cells.push('');
      else if (typeof v === 'number') cells.push(v);
      else cells.push(formatValue(f, v, 'zh'));
    }
    cells.push(r?.version ?? '', r?.by ?? '', r?.at ?? '');
    return cells;
  });
  return { headers, rows };
}

/** Officers' free text may start with = + - @: escaped the console's way (cellText) so no spreadsheet runs it. */
function csvCell(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : cellText(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV; `bom` for files Excel opens (it then reads UTF-8 Chinese correctly). */
export function toCsv(t: ExportTable, bom = false): string {
  const body = [t.headers, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\r\n');
  return `${bom ? '\ufeff' : ''}${body}\r\n`;
}

export async function toXlsx(t: ExportTable, month: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`月报 ${month}`);
  ws.addRow(t.headers).font = { bold: true };
  for (const r of t.rows) ws.addRow(r.map((v) => (typeof v === 'number' ? v : cellText(v))));
  ws.columns.forEach((c) => {
    c.width = 14;
  });
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

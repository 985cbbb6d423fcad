import ExcelJS from 'exceljs';
import { cellText } from '../../core/cells.js';

export { cellText };

export interface Table {
  headers: string[];
  rows: unknown[][];
}

/** RFC 4180 CSV with a UTF-8 BOM (so Excel opens the Chinese text correctly). */
export function toCsv(t: Table): string {
  const esc = (v: unknown) => {
    const s = cellText(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[t.headers, ...t.rows].map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`;
}

export async function toXlsx(t: Table, sheet: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Union Desk';
  const ws = wb.addWorksheet(sheet.slice(0, 31));
  ws.addRow(t.headers);
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) ws.addRow(r.map((v) => (typeof v === 'number' ? v : cellText(v))));
  ws.columns.forEach((c) => {
    c.width = 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

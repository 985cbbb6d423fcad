import iconv from 'iconv-lite';
import { type Unit, type UnitStore, parseBool, parseUnitType } from './units.js';

/** RFC 4180 rows (quotes, doubled quotes, CRLF); a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((x) => x.trim() !== ''));
}

/** UTF-8, or GBK when the bytes are not valid UTF-8 (CSV saved by Chinese Excel). */
export function decodeCsv(buf: Buffer): string {
  const utf8 = buf.toString('utf8');
  return utf8.includes('\ufffd') ? iconv.decode(buf, 'gbk') : utf8;
}

const COLUMNS: Record<string, 'name' | 'district' | 'type' | 'high'> = {
  名称: 'name',
  单位: 'name',
  单位名称: 'name',
  name: 'name',
  区: 'district',
  所在区: 'district',
  区县: 'district',
  地区: 'district',
  district: 'district',
  类型: 'type',
  单位类型: 'type',
  type: 'type',
  高培训需求: 'high',
  培训需求高: 'high',
  high: 'high',
  high_training_needs: 'high',
};

export interface ImportResult {
  saved: Unit[];
  errors: { line: number; message: string }[];
}

/** Import units from CSV text with a header row (名称,区,类型,高培训需求); bad rows are reported, not fatal. */
export async function importUnits(units: UnitStore, text: string): Promise<ImportResult> {
  const rows = parseCsv(text);
  const header = rows.shift()?.map((h) => COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()]);
  const result: ImportResult = { saved: [], errors: [] };
  if (!header?.includes('name') || !header.includes('type')) {
    result.errors.push({
      line: 1,
      message: '表头应包含 名称,区,类型[,高培训需求] / header must have name,district,type[,high]',
    });
    return result;
  }
  for (const [i, r] of rows.entries()) {
    const line = i + 2;
    const get = (k: string) => {
      const idx = header.indexOf(k as never);
      return idx >= 0 ? (r[idx] ?? '').trim() : '';
    };
    const name = get('name');
    const type = parseUnitType(get('type'));
    const high = parseBool(get('high'));
    if (!name) result.errors.push({ line, message: '缺少单位名称 / missing name' });
    else if (!type)
      result.errors.push({ line, message: `类型“${get('type')}”无效，应为 企业/事业单位/机关/社会团体/其他` });
    else if (high === null) result.errors.push({ line, message: `高培训需求“${get('high')}”应为 是/否` });
    else result.saved.push(await units.upsertUnit({ name, district: get('district'), type, highTrainingNeeds: high }));
  }
  return result;
}

import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Caps on what a CLI import reads: a file's size (checked before it is read) and its number of
 * records (checked before anything is written). The federation's real files are far below them
 * (a few hundred units, a few hundred events, backups of a few MB); the caps keep a wrong or hostile
 * file from filling memory or Redis.
 */
export const IMPORT_CAPS = {
  ics: { bytes: 10 * 1024 * 1024, records: 5000, what: { zh: '日程', en: 'events' } },
  units: { bytes: 5 * 1024 * 1024, records: 10_000, what: { zh: '行单位', en: 'unit rows' } },
  restore: { bytes: 256 * 1024 * 1024, records: 500_000, what: { zh: '条记录', en: 'records' } },
} as const;

export type ImportKind = keyof typeof IMPORT_CAPS;

/** A file or record count over its cap; the message is zh then en. */
export class ImportCapError extends Error {}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** The file's bytes, refused (without reading it) when it is larger than the cap for `kind`. */
export async function readCapped(file: string, kind: ImportKind): Promise<Buffer> {
  const cap = IMPORT_CAPS[kind].bytes;
  const size = statSync(file).size;
  if (size > cap) {
    throw new ImportCapError(
      `文件过大：${mb(size)}，上限 ${mb(cap)} / file too large: ${mb(size)}, the limit is ${mb(cap)} (${file})`,
    );
  }
  return readFile(file);
}

/** Refuse `count` records of `kind` when over the cap. */
export function checkCount(count: number, kind: ImportKind): void {
  const { records, what } = IMPORT_CAPS[kind];
  if (count > records) {
    throw new ImportCapError(
      `记录过多：${count} ${what.zh}，上限 ${records}，请拆分后分批导入 / too many ${what.en}: ${count}, the limit is ${records}; split the file and import it in parts`,
    );
  }
}

/** How many times `needle` occurs in `text`. */
export function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

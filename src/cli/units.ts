import { decodeCsv, importUnits } from '../forms/import-units.js';
import { createFormsInternals } from '../forms/service.js';
import { UNIT_TYPES, parseBool, parseUnitType } from '../forms/units.js';
import { ImportCapError, checkCount, readCapped } from './caps.js';
import { withCliApp } from './context.js';

const USAGE =
  '用法 / usage:\n  units import FILE.csv   (表头 header: 名称,区,类型,高培训需求)\n  units add 名称 区 类型 [是|否]\n  units list\n';

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import' && rest[0]) {
    let text: string;
    try {
      text = decodeCsv(await readCapped(rest[0], 'units'));
      // Rows, not counting the header (a quoted cell with a line break only makes the count larger).
      checkCount(text.split('\n').filter((l) => l.trim() !== '').length - 1, 'units');
    } catch (err) {
      if (err instanceof ImportCapError) {
        process.stderr.write(`${err.message}\n`);
        return 2;
      }
      process.stderr.write(`无法读取文件 / cannot read ${rest[0]}: ${(err as Error).message}\n`);
      return 2;
    }
    return withCliApp(async (app) => {
      const { units } = createFormsInternals(app.deps, null);
      const r = await importUnits(units, text);
      for (const e of r.errors) process.stderr.write(`第 ${e.line} 行 / line ${e.line}: ${e.message}\n`);
      process.stdout.write(
        `导入 ${r.saved.length} 个单位，${r.errors.length} 行有误 / imported ${r.saved.length}, ${r.errors.length} rejected\n`,
      );
      return r.errors.length ? 1 : 0;
    });
  }
  if (sub === 'add' && rest.length >= 3) {
    const [name, district, typeRaw, high] = rest as [string, string, string, string | undefined];
    const type = parseUnitType(typeRaw);
    const needs = high === undefined ? false : parseBool(high);
    if (!type || needs === null) {
      process.stderr.write(`类型应为 ${UNIT_TYPES.join('/')}，高培训需求应为 是/否\n${USAGE}`);
      return 2;
    }
    return withCliApp(async (app) => {
      const u = await createFormsInternals(app.deps, null).units.upsertUnit({
        name,
        district,
        type,
        highTrainingNeeds: needs,
      });
      process.stdout.write(`${u.id}\t${u.name}\t${u.district}\t${u.type}\t${u.highTrainingNeeds ? '是' : '否'}\n`);
      return 0;
    });
  }
  if (sub === 'list') {
    return withCliApp(async (app) => {
      for (const u of await createFormsInternals(app.deps, null).units.listUnits()) {
        process.stdout.write(`${u.id}\t${u.name}\t${u.district}\t${u.type}\t${u.highTrainingNeeds ? '是' : '否'}\n`);
      }
      return 0;
    });
  }
  process.stderr.write(USAGE);
  return 2;
}

import { IDENTITY_RE } from '../core/types.js';
import { createFormsInternals } from '../forms/service.js';
import { withCliApp } from './context.js';

const USAGE =
  '用法 / usage: officer add CHANNEL:USERID 单位名称   (e.g. officer add telegram:12345 无锡一棉)\n' +
  '              officer remove CHANNEL:USERID       (ends the binding; an officer goes back to worker)\n';

/** `officer remove`: the binding ends; an officer (not staff/admin) is a worker again and files nothing. */
async function remove(who: string): Promise<number> {
  return withCliApp(async (app) => {
    const { units } = createFormsInternals(app.deps, null);
    const old = await units.unbindOfficer(who);
    if (!old) {
      process.stderr.write(`${who} 没有绑定单位 / is not bound to a unit\n`);
      return 1;
    }
    process.stdout.write(`${who}\t${old}\tremoved\n`);
    return 0;
  });
}

/** Bind an officer to a unit; an unknown unit is registered (type 其他) so it can be completed later. */
export async function run(argv: string[]): Promise<number> {
  const [sub, who, ...nameParts] = argv;
  const name = nameParts.join(' ').trim();
  if (sub === 'remove' && who && IDENTITY_RE.test(who) && !name) return remove(who);
  if (sub !== 'add' || !who || !IDENTITY_RE.test(who) || !name) {
    process.stderr.write(USAGE);
    return 2;
  }
  return withCliApp(async (app) => {
    const { units } = createFormsInternals(app.deps, null);
    const found = await units.findUnit(name);
    if (found === 'ambiguous') {
      process.stderr.write(`“${name}”对应多个单位，请写全称 / ambiguous unit name\n`);
      return 2;
    }
    const unit = found ?? (await units.upsertUnit({ name, district: '', type: '其他', highTrainingNeeds: false }));
    await units.bindOfficer(who, unit.id);
    if (!found) process.stderr.write(`已新建单位 / registered new unit: ${unit.name}\n`);
    process.stdout.write(`${who}\t${unit.id}\t${unit.name}\n`);
    return 0;
  });
}

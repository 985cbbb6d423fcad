import { isRole } from '../core/roles.js';
import { IDENTITY_RE } from '../core/types.js';
import { withCliApp } from './context.js';

export async function run(argv: string[]): Promise<number> {
  const [sub, who, role] = argv;
  if (sub === 'list') {
    return withCliApp(async (app) => {
      for (const r of await app.deps.roles.list()) process.stdout.write(`${r.identity}\t${r.role}\n`);
      return 0;
    });
  }
  if (sub === 'set' && who && role && isRole(role) && IDENTITY_RE.test(who)) {
    return withCliApp(async (app) => {
      await app.deps.roles.set(who, role);
      process.stdout.write(`${who}\t${role}\n`);
      return 0;
    });
  }
  process.stderr.write('用法 / usage: role set CHANNEL:USERID worker|officer|staff|admin | role list\n');
  return 2;
}

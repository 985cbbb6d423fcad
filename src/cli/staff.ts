import { MIN_PASSWORD, STAFF_NAME, StaffInputError, type StaffLevel } from '../web/admin/staff.js';
import { parseFlags, withCliApp } from './context.js';

const USAGE = `用法 / usage:
  staff add NAME --password-stdin [--admin]   创建控制台账号 / create a console account
  staff passwd NAME --password-stdin          修改密码 / change the password
  staff remove NAME                           删除账号 / delete the account
  staff list                                  列出账号 / list accounts
密码从标准输入读取（一行）/ the password is read from stdin (one line), e.g.
  printf '%s\\n' 'long-secret-pass' | npm run cli -- staff add wang --password-stdin
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function fail(msg: string, code = 2): number {
  process.stderr.write(`${msg}\n`);
  return code;
}

/** `npm run cli -- staff add|passwd|remove|list`: admin console accounts. */
export async function run(argv: string[]): Promise<number> {
  const { flags, rest } = parseFlags(argv);
  const [sub, name] = rest;
  if (sub === 'list') {
    return withCliApp(async (app) => {
      for (const a of await app.services.staff.list()) {
        process.stdout.write(`${a.name}\t${a.level}\t${a.createdAt}\n`);
      }
      return 0;
    });
  }
  if (sub === 'remove' && name) {
    return withCliApp(async (app) => {
      if (!(await app.services.staff.remove(name))) return fail(`没有这个账号 / no such account: ${name}`, 1);
      process.stdout.write(`removed\t${name}\n`);
      return 0;
    });
  }
  if ((sub === 'add' || sub === 'passwd') && name) {
    if (flags['password-stdin'] !== true) {
      return fail(
        `请用 --password-stdin 从标准输入提供密码（不要写在命令行上）/ pass the password on stdin with --password-stdin\n\n${USAGE}`,
      );
    }
    const password = await readStdin();
    // Check what can be checked before opening the app (fast, clear answer).
    if (!STAFF_NAME.test(name)) return fail('账号名需 2–32 个字母、数字、_.- / name: 2-32 letters, digits, _ . -', 1);
    if (password.length < MIN_PASSWORD || password.length > 200) {
      return fail(`密码需 ${MIN_PASSWORD}–200 个字符 / password must be ${MIN_PASSWORD}-200 characters`, 1);
    }
    const level: StaffLevel = flags['admin'] === true ? 'admin' : 'staff';
    return withCliApp(async (app) => {
      const staff = app.services.staff;
      try {
        if (sub === 'add') {
          const a = await staff.add(name, password, level);
          process.stdout.write(`created\t${a.name}\t${a.level}\n`);
          return 0;
        }
        if (!(await staff.setPassword(name, password))) return fail(`没有这个账号 / no such account: ${name}`, 1);
        process.stdout.write(`password changed\t${name}\n`);
        return 0;
      } catch (err) {
        if (err instanceof StaffInputError) return fail(err.message, 1);
        throw err;
      }
    });
  }
  return fail(USAGE);
}

/**
 * `npm run cli -- <command> [args]`. Each command is a module exporting `run(argv): Promise<number>`,
 * loaded only when called. Add a command by adding a line here.
 */
import { loadEnvFile } from '../env-file.js';

loadEnvFile();

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  units: { summary: 'units import FILE.csv | units add 名称 区 类型 [是|否] | units list  — unit registry', load: () => import('./units.js') },
  officer: { summary: 'officer add CHANNEL:USERID 单位  — bind a union officer to a unit', load: () => import('./officer.js') },
  export: { summary: 'export --month 2026-10 [--format csv|xlsx] [--out FILE]  — monthly reports, one row per unit', load: () => import('./export.js') },
  ask: { summary: 'ask "问题" | ask --jsonl  — answer questions from the corpus', load: () => import('./ask.js') },
  eval: { summary: 'eval FILE.jsonl [--cv] [--curve] [--curated]  — score retrieval and answers on a question file (--cv: k-fold cross-validated)', load: () => import('./eval.js') },
  fit: { summary: 'fit [FILE.jsonl] [--folds 5]  — fit the Q&A re-ranker and refusal gate (writes src/qa/model/fitted.json)', load: () => import('./fit.js') },
  'eval-form': { summary: 'eval-form FILE.jsonl [--cv] [--fit --write] [--now DATE]  — score paragraph fill by field (stated, filled, wrong, missed, recall)', load: () => import('./eval-form.js') },
  role: { summary: 'role set CHANNEL:USERID ROLE | role list  — manage roles', load: () => import('./role.js') },
  event: { summary: 'event add --title T --start 2026-06-15T14:00 [--place P] [--month-only] | event list | event cancel ID  — campaign calendar', load: () => import('./event.js') },
  broadcast: { summary: 'broadcast --text T [--tag X] --yes | broadcast status ID  — queue a broadcast (delivered by the bot or npm run worker)', load: () => import('./broadcast.js') },
  calendar: { summary: 'calendar import FILE.ics  — import events from an iCalendar file', load: () => import('./calendar.js') },
  backup: { summary: 'backup --out FILE.ndjson  — units, officers, reports (every version), events, subscriptions, roles, staff accounts', load: () => import('./backup.js') },
  restore: { summary: 'restore FILE.ndjson [--dry-run]  — write a backup back (idempotent; refuses a newer schema)', load: () => import('./restore.js') },
  staff: { summary: 'staff add NAME --password-stdin [--admin] | passwd | remove | list  — console accounts', load: () => import('./staff.js') },
};

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `工会助手命令行 / Union Desk CLI\n\nUsage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

const [name, ...argv] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(help());
  process.exit(name ? 0 : 1);
}
const cmd = commands[name];
if (!cmd) {
  process.stderr.write(`未知命令 / unknown command: ${name}\n\n${help()}`);
  process.exit(2);
}
try {
  const mod = await cmd.load();
  process.exitCode = await mod.run(argv);
} catch (err) {
  process.stderr.write(`错误 / error: ${(err as Error).message}\n`);
  process.exitCode = 1;
}

/**
 * `npm run bench -- <name> [args]` runs one benchmark (qa, forms, broadcast, dates, redos, latency); no name runs them all.
 * Each prints its figures side by side with its baseline and ends with one JSON line.
 */
import { loadEnvFile } from '../src/env-file.js';

loadEnvFile();

const benches: Record<string, () => Promise<{ run(argv: string[]): Promise<void> }>> = {
  qa: () => import('./qa.js'),
  forms: () => import('./forms.js'),
  broadcast: () => import('./broadcast.js'),
  dates: () => import('./dates.js'),
  redos: () => import('./redos.js'),
  latency: () => import('./latency.js'),
};

const [name, ...argv] = process.argv.slice(2);
const names = name ? [name] : Object.keys(benches);
for (const n of names) {
  const load = benches[n];
  if (!load) {
    process.stderr.write(`unknown benchmark: ${n} (choose from ${Object.keys(benches).join(', ')})\n`);
    process.exit(2);
  }
  process.stdout.write(`\n=== bench ${n} ===\n`);
  await (await load()).run(argv);
}
process.exit(0);

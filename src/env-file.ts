import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { fromRoot } from './paths.js';

/**
 * Read `.env` (or the file named by ENV_FILE) into process.env, for every entry point alike: the
 * bot, the worker, the CLI and the benches. The environment wins: a variable already set is never
 * replaced. A missing file is fine; the file is `KEY=value` lines as Node's own `--env-file` reads them.
 * Returns the names it set.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): string[] {
  const file = fromRoot(env['ENV_FILE']?.trim() || '.env');
  if (!existsSync(file)) return [];
  const parsed = parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  const set: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/paths.js';
import { testRedisUrl } from './app.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

const emptyCorpus = (): string => mkdtempSync(path.join(tmpdir(), 'ud-cli-corpus-'));

/** `npm run cli -- …` as the npm script runs it (tsx), against the test Redis under `prefix`. */
export function runCli(
  args: string[],
  opts: { prefix: string; stdin?: string; env?: Record<string, string> },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: projectRoot,
      env: {
        ...process.env,
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: opts.prefix,
        LOG_LEVEL: 'silent',
        CORPUS_DIRS: emptyCorpus(),
        ...opts.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    p.stdin.end(opts.stdin ?? '');
  });
}

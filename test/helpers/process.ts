import { type ChildProcess, spawn } from 'node:child_process';
import { projectRoot } from '../../src/paths.js';

export interface MainProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** `npm start`'s entry (src/main.ts through tsx) with `env`; resolves once it says where it serves. */
export async function startMain(env: NodeJS.ProcessEnv, timeoutMs = 25_000): Promise<MainProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(check);
      child.kill('SIGKILL');
      reject(new Error(`no start within ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    const check = setInterval(() => {
      const m = /Union Desk is running: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve(m[1]!);
      }
    }, 50);
  });
  return { child, url, output: () => out };
}

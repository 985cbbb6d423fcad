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

export interface TsProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has printed `text` (rejects when it exits first or after timeoutMs). */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** SIGKILL it and wait for the exit. */
  kill(): Promise<void>;
}

/** A TypeScript entry (through tsx, as `npm start` runs src/main.ts) with `env`, stdin open for the test. */
export function spawnTs(file: string, env: NodeJS.ProcessEnv): TsProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: projectRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    waitFor(text, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const until = Date.now() + timeoutMs;
        const check = setInterval(() => {
          if (out.includes(text)) {
            clearInterval(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null || Date.now() > until) {
            clearInterval(check);
            reject(new Error(`${file} did not print "${text}" (exit ${child.exitCode ?? child.signalCode}):\n${out}`));
          }
        }, 20);
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

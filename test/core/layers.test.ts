import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';

/**
 * Imports run one way. Each layer may import only the layers listed for it; src/app.ts (the
 * composition root), the process entries and the CLI see everything.
 */
const LAYERS: Record<string, string[]> = {
  // src/core/types.ts: the message types, channel names and patterns everything shares; imports nothing.
  types: [],
  base: ['base'],
  core: ['base', 'core'],
  outbound: ['base', 'core', 'outbound'],
  qa: ['base', 'core', 'qa'],
  feedback: ['base', 'core', 'qa', 'feedback'],
  forms: ['base', 'core', 'qa', 'forms'],
  calendar: ['base', 'core', 'outbound', 'calendar'],
  jobs: ['base', 'core', 'outbound', 'calendar', 'jobs'],
  channels: ['base', 'core', 'forms', 'calendar', 'channels'],
  web: ['base', 'core', 'qa', 'feedback', 'forms', 'calendar', 'web'],
  root: ['base', 'core', 'outbound', 'qa', 'feedback', 'forms', 'calendar', 'jobs', 'channels', 'web', 'root'],
};

/** The layer of a file, by its path from the project root. */
function layerOf(file: string): string {
  const ts = file.replace(/\.js$/, '.ts');
  if (ts === 'src/core/types.ts') return 'types';
  const [top, dir] = ts.split('/');
  if (top === 'jobs') return 'jobs';
  if (top !== 'src' || !dir) throw new Error(`not a source file: ${file}`);
  if (['core', 'outbound', 'qa', 'feedback', 'forms', 'calendar', 'channels', 'web'].includes(dir)) return dir;
  if (dir === 'store' || ['config.ts', 'errors.ts', 'logger.ts', 'paths.ts', 'env-file.ts'].includes(dir))
    return 'base';
  if (dir === 'cli' || ['app.ts', 'main.ts', 'worker.ts', 'process.ts'].includes(dir)) return 'root';
  throw new Error(`no layer for ${file}: add it to test/core/layers.test.ts`);
}

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(path.join(projectRoot, dir))) {
    const rel = `${dir}/${e}`;
    if (statSync(path.join(projectRoot, rel)).isDirectory()) sources(rel, out);
    else if (/\.(ts|mts|mjs)$/.test(e)) out.push(rel);
  }
  return out;
}

/** Relative import specifiers of a file, resolved to project paths (type-only imports count too). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(projectRoot, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );
  return specs.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)));
}

function violations(): string[] {
  const out: string[] = [];
  for (const file of [...sources('src'), ...sources('jobs')]) {
    const from = layerOf(file);
    for (const target of importsOf(file)) {
      const to = layerOf(target);
      if (to !== 'types' && !LAYERS[from]?.includes(to)) out.push(`${file} (${from}) imports ${target} (${to})`);
    }
  }
  return out;
}

describe('import layers', () => {
  it('no import runs from a lower layer to a higher one', () => {
    expect(violations()).toEqual([]);
  });

  it('the check sees upward imports', () => {
    expect(LAYERS['core']).not.toContain(layerOf('src/web/server.ts'));
    expect(LAYERS['outbound']).not.toContain(layerOf('jobs/deliver.ts'));
    expect(importsOf('src/app.ts')).toContain('jobs/index.js');
  });
});

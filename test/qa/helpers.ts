import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { projectRoot } from '../../src/paths.js';

export const SEED_DIR = path.resolve(projectRoot, 'corpus');
export const LAWS_DIR = path.resolve(projectRoot, '../shared/corpus/laws');
export const silent = pino({ level: 'silent' });

export async function tempDir(label: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `qa-${label}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Reply } from '../../src/core/types.js';
import { LAWS_DIR, SEED_DIR } from '../qa/helpers.js';

/** A private copy of the seed document and the labour laws (tests may delete a file from it), and a data dir. */
export function feedbackCorpus(): { corpus: string; data: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'ud-feedback-'));
  const corpus = path.join(root, 'corpus');
  cpSync(SEED_DIR, corpus, { recursive: true });
  cpSync(LAWS_DIR, path.join(corpus, 'laws'), { recursive: true });
  return { corpus, data: path.join(root, 'data'), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The 有用 / 没用 button values on the last reply. */
export function feedbackButtons(replies: Reply[]): { up: string; down: string } {
  const choices = replies[replies.length - 1]?.choices ?? [];
  const up = choices.find((c) => c.value.startsWith('fb:u:'))?.value;
  const down = choices.find((c) => c.value.startsWith('fb:d:'))?.value;
  if (!up || !down) throw new Error(`no feedback buttons: ${JSON.stringify(choices)}`);
  return { up, down };
}

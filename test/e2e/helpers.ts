import path from 'node:path';
import { expect } from 'vitest';
import type { Reply } from '../../src/core/types.js';
import { projectRoot } from '../../src/paths.js';
import type { TestApp } from '../helpers/app.js';
import { answerPlainText } from '../../src/core/answer-view.js';

export { updates, waitFor } from '../calendar/helpers.js';

/** The shipped corpus plus the shared law texts, as an operator would configure them. */
export const CORPUS_DIRS = `corpus:${path.resolve(projectRoot, '../shared/corpus/laws')}`;

export type Who = { userId: string; chatId: string; isGroup?: boolean; mentioned?: boolean };

/** The last reply of a turn (the one that asks the next question). */
export function last(replies: Reply[]): Reply {
  expect(replies.length).toBeGreaterThan(0);
  return replies[replies.length - 1]!;
}

export function allText(replies: Reply[]): string {
  return replies.map((r) => answerPlainText(r)).join('\n');
}

/**
 * Inputs that must never break a flow: each gets a clear answer (HTTP 200 with at least one
 * reply that says what is expected), and the chat goes on afterwards.
 */
export async function badInputs(t: TestApp, who: Who): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const send = async (label: string, text: string) => {
    const res = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...who, text }),
    });
    expect(res.status, `${label} → HTTP ${res.status}`).toBe(200);
    const body = (await res.json()) as { replies: Reply[] };
    expect(body.replies.length, `${label} gets an answer`).toBeGreaterThan(0);
    out[label] = allText(body.replies);
  };
  await send('empty', '');
  await send('long', '加班'.repeat(2500));
  await send('unknown', '/frobnicate now');
  await send('english', 'How many days of annual leave do I get after 12 years?');
  return out;
}

import type { TestApp } from '../helpers/app.js';

export interface OutboxMsg {
  id: number;
  text: string;
}

/** GET /api/chat/updates for one web chat. */
export async function updates(t: TestApp, chatId: string): Promise<OutboxMsg[]> {
  const res = await fetch(`${t.url}/api/chat/updates?chatId=${encodeURIComponent(chatId)}`);
  return ((await res.json()) as { messages: OutboxMsg[] }).messages;
}

/** Poll until `check` returns a value (not undefined/false) or time runs out. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  label = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../fixtures');

/** A recorded payload from test/fixtures/<platform>/<name>.json, with optional top-level overrides. */
export function fixture<T = Record<string, unknown>>(
  platform: 'slack' | 'telegram' | 'feishu' | 'dingtalk',
  name: string,
  patch: Record<string, unknown> = {},
): T {
  const raw = JSON.parse(readFileSync(path.join(root, platform, `${name}.json`), 'utf8')) as Record<string, unknown>;
  return { ...raw, ...patch } as T;
}

let seq = Math.floor(Math.random() * 1e6) * 1000;
/** A fresh Telegram update_id so runs never collide in the dedupe keys. */
export const nextUpdateId = (): number => ++seq;

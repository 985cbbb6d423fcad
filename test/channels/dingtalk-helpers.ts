import { randomBytes } from 'node:crypto';
import { dingtalkSign } from '../../src/channels/dingtalk/webhook.js';
import { type TestApp, handledCount, waitHandled } from '../helpers/app.js';
import type { DtCall, FakeDingTalk } from './fake-dingtalk.js';
import { fixture } from './fixtures.js';

export const DT_CLIENT_ID = 'dingfaketestclient01';
export const DT_SECRET = 'fake-dt-secret';
/** The staff id in the fixtures. */
export const DT_USER = 'manager4220';
export const DT_GROUP = 'cid6KeBBLoveMJOGXoYKF5x7EeiodoA==';

export function dingtalkEnv(dt: FakeDingTalk, mode: 'webhook' | 'stream' = 'webhook'): Record<string, string> {
  return {
    DINGTALK_CLIENT_ID: DT_CLIENT_ID,
    DINGTALK_CLIENT_SECRET: DT_SECRET,
    DINGTALK_MODE: mode,
    DINGTALK_API_ROOT: dt.url,
  };
}

/** A fixture with a fresh msgId (and optional overrides). */
export function robotMessage(name: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return fixture('dingtalk', name, { msgId: `msg${randomBytes(12).toString('base64')}`, ...patch });
}

/** The same message with other text. */
export function withText(msg: Record<string, unknown>, content: string): Record<string, unknown> {
  return { ...msg, text: { content } };
}

export interface PostOptions {
  forge?: boolean;
  /** Milliseconds since the epoch; default now. */
  timestamp?: number;
  unsigned?: boolean;
}

/** POST a robot callback as DingTalk does: timestamp (ms) and sign headers. */
export function postCallback(t: TestApp, msg: unknown, opts: PostOptions = {}): Promise<Response> {
  const ts = String(opts.timestamp ?? Date.now());
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (!opts.unsigned) {
    headers['timestamp'] = ts;
    headers['sign'] = opts.forge ? dingtalkSign(ts, 'not-the-secret') : dingtalkSign(ts, DT_SECRET);
  }
  return fetch(`${t.url}/dingtalk/events`, { method: 'POST', headers, body: JSON.stringify(msg) });
}

/** What one send carried: its msgKey and the text (sampleText content, or sampleMarkdown title + text). */
export function contentOf(c: DtCall): { key: string; text: string } {
  const p = JSON.parse(String(c.body['msgParam'])) as Record<string, string>;
  return { key: String(c.body['msgKey']), text: p['content'] ?? `${p['title']}\n${p['text']}` };
}

/** Post a signed callback, wait until the app is done with it, and return what it sent meanwhile. */
export async function deliver(t: TestApp, dt: FakeDingTalk, msg: unknown, timeoutMs = 10_000): Promise<DtCall[]> {
  const before = dt.sent().length;
  const handled = await handledCount(t.app, 'dingtalk');
  const res = await postCallback(t, msg);
  if (res.status !== 200) throw new Error(`callback refused: ${res.status} ${await res.text()}`);
  await waitHandled(t.app, 'dingtalk', handled, { timeoutMs });
  return dt.sent().slice(before);
}

export const texts = (calls: DtCall[]): string => calls.map((c) => contentOf(c).text).join('\n');

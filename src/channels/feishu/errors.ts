import { ChannelError, type DeliveryFailure } from '../../errors.js';

/** A Feishu OpenAPI answer with a non-zero `code` (HTTP 200 or 4xx). */
export class FeishuApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: number,
    readonly resetSeconds?: number,
  ) {
    super(`code ${code}: ${message}`);
    this.name = 'FeishuApiError';
  }
}

/** 99991400: the app's request rate is over its limit (HTTP 429, `x-ogw-ratelimit-reset`). */
export const RATE_LIMITED = 99991400;
/** 230020: this chat's (or user's) send frequency is over its limit. */
export const CHAT_RATE_LIMITED = 230020;
/** Codes after which the chat will not take our messages again: 230002 the bot is not in the group, 230013 the user is outside the bot's availability, 230017 the bot is not the group's… (chat dissolved / gone). */
const GONE = new Set([230002, 230013, 230017]);
/** Token trouble the SDK fixes by fetching a new tenant_access_token. */
const TOKEN = new Set([99991661, 99991663, 99991668]);

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

/** The SDK returns 2xx answers as the body and throws axios errors for the rest: both → FeishuApiError or null. */
export function apiErrorOf(err: unknown): FeishuApiError | null {
  if (err instanceof FeishuApiError) return err;
  const response = rec(rec(err)['response']);
  const status = response['status'];
  if (typeof status !== 'number') return null;
  const data = rec(response['data']);
  const headers = rec(response['headers']);
  const reset = Number(headers['x-ogw-ratelimit-reset']);
  const code = typeof data['code'] === 'number' ? data['code'] : status === 429 ? RATE_LIMITED : -status;
  return new FeishuApiError(
    code,
    String(data['msg'] ?? ''),
    status,
    Number.isFinite(reset) && reset > 0 ? reset : undefined,
  );
}

/** Throw when an answer body carries a non-zero code. */
export function checkBody<T>(body: T): T {
  const b = rec(body);
  if (typeof b['code'] === 'number' && b['code'] !== 0)
    throw new FeishuApiError(b['code'], String(b['msg'] ?? ''), 200);
  return body;
}

/**
 * Feishu failure → what the sender does: 99991400 / 230020 / HTTP 429 → wait (the reset header, else
 * 1 s); 230002 and kin → the chat is gone; 5xx, token trouble and the network → try again; other
 * refusals → give up.
 */
export function feishuFailure(err: unknown): DeliveryFailure {
  const e = apiErrorOf(err);
  if (!e) return { kind: 'transient' };
  if (e.code === RATE_LIMITED || e.code === CHAT_RATE_LIMITED || e.status === 429) {
    return { kind: 'rate_limited', retryAfterMs: Math.max(1, e.resetSeconds ?? 1) * 1000 };
  }
  if (GONE.has(e.code)) return { kind: 'gone' };
  if (TOKEN.has(e.code) || e.status >= 500) return { kind: 'transient' };
  return { kind: 'permanent' };
}

export function toFeishuError(err: unknown, what: string): ChannelError {
  if (err instanceof ChannelError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new ChannelError('feishu', `${what}: ${msg}`, feishuFailure(err), { cause: err });
}

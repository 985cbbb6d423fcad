import { DingTalkApiError } from './errors.js';

/**
 * The few DingTalk OpenAPI calls the bot makes (the `dingtalk-stream` SDK only receives): an
 * access token from POST /v1.0/oauth2/accessToken {appKey, appSecret}, kept until five minutes
 * before it expires (2 h), and JSON POSTs with `x-acs-dingtalk-access-token`. The root is
 * DINGTALK_API_ROOT, so tests point it at a fake.
 */
export interface DingTalkApi {
  post(path: string, body: unknown): Promise<Record<string, unknown>>;
  token(): Promise<string>;
}

export interface ApiOptions {
  root: string;
  clientId: string;
  clientSecret: string;
  now?: () => number;
  timeoutMs?: number;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<Rec> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const raw = await res.text();
  let body: Rec = {};
  try {
    body = rec(raw ? JSON.parse(raw) : {});
  } catch {
    body = { message: raw.slice(0, 200) };
  }
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'));
    const code = String(body['code'] ?? body['errcode'] ?? `http_${res.status}`);
    throw new DingTalkApiError(
      code,
      String(body['message'] ?? body['errmsg'] ?? res.statusText),
      res.status,
      Number.isFinite(retry) && retry > 0 ? retry * 1000 : undefined,
    );
  }
  // The old oapi style: HTTP 200 with a non-zero errcode.
  if (typeof body['errcode'] === 'number' && body['errcode'] !== 0) {
    throw new DingTalkApiError(String(body['errcode']), String(body['errmsg'] ?? ''), res.status);
  }
  return body;
}

export function createDingTalkApi(opts: ApiOptions): DingTalkApi {
  const root = opts.root.replace(/\/+$/, '');
  const now = opts.now ?? (() => Date.now());
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let cached: { value: string; until: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const body = await call(
      `${root}/v1.0/oauth2/accessToken`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey: opts.clientId, appSecret: opts.clientSecret }),
      },
      timeoutMs,
    );
    const value = body['accessToken'];
    if (typeof value !== 'string' || value === '') throw new DingTalkApiError('no_token', 'no accessToken', 200);
    const expireIn = Number(body['expireIn'] ?? 7200);
    cached = { value, until: now() + Math.max(60, expireIn - 300) * 1000 };
    return value;
  }

  async function token(): Promise<string> {
    if (cached && cached.until > now()) return cached.value;
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    return pending;
  }

  return {
    token,
    async post(path, body) {
      const t = await token();
      try {
        return await call(
          `${root}${path}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': t },
            body: JSON.stringify(body),
          },
          timeoutMs,
        );
      } catch (err) {
        // A refused token is dropped, so the retry (the queue's, or the next message) fetches a new one.
        if (err instanceof DingTalkApiError && (err.status === 401 || /InvalidAuthentication/i.test(err.code)))
          cached = null;
        throw err;
      }
    },
  };
}

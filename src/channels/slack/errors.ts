import { ChannelError, type DeliveryFailure } from '../../errors.js';

/** Web API `error` strings meaning the conversation or person can no longer be reached. */
const GONE = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'account_inactive',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'team_access_not_granted',
  'missing_scope_for_channel',
]);

/** Web API `error` strings that are Slack's own passing trouble. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'timeout']);

interface SlackErrorLike {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  headers?: Record<string, unknown>;
  data?: { error?: unknown };
}

function seconds(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Web API failure → what the sender should do: rate limits wait Retry-After; channel_not_found,
 * is_archived, not_in_channel, account_inactive (…) mean the conversation is gone; Slack's internal
 * errors, 5xx and network trouble are transient; everything else (bad token, invalid blocks) is permanent.
 */
export function slackFailure(err: unknown): DeliveryFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SlackErrorLike;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate_limited', retryAfterMs: Math.max(1, seconds(e.retryAfter) ?? 1) * 1000 };
    case 'slack_webapi_platform_error': {
      const code = String(e.data?.error ?? '');
      if (code === 'ratelimited' || code === 'rate_limited') return { kind: 'rate_limited', retryAfterMs: 1000 };
      if (GONE.has(code)) return { kind: 'gone' };
      if (TRANSIENT.has(code)) return { kind: 'transient' };
      return { kind: 'permanent' };
    }
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      if (status === 429) {
        const h = e.headers?.['retry-after'] ?? e.headers?.['Retry-After'];
        return { kind: 'rate_limited', retryAfterMs: Math.max(1, seconds(h) ?? 1) * 1000 };
      }
      if (status >= 500) return { kind: 'transient' };
      return { kind: 'permanent' };
    }
    case 'slack_webapi_request_error':
      return { kind: 'transient' };
    default:
      return { kind: 'transient' };
  }
}

/** Wrap any Slack send failure in a typed ChannelError. */
export function toSlackError(err: unknown, what: string): ChannelError {
  if (err instanceof ChannelError) return err;
  const detail = (err as SlackErrorLike | null)?.data?.error;
  const msg = typeof detail === 'string' ? detail : err instanceof Error ? err.message : String(err);
  return new ChannelError('slack', `${what}: ${msg}`, slackFailure(err), { cause: err });
}

import { ChannelError, type DeliveryFailure } from '../../errors.js';

/** The part of a Bot API error answer that decides what to do next. */
interface BotApiResponse {
  error_code: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** 400 answers that mean the chat will never accept messages from us again. */
const GONE_400 =
  /chat not found|user not found|group chat was upgraded|peer_id_invalid|chat_write_forbidden|bot was kicked|user is deactivated|have no rights to send/i;

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

function responseOf(err: unknown): BotApiResponse | null {
  if (typeof err !== 'object' || err === null) return null;
  const r = (err as { response?: unknown }).response;
  if (typeof r === 'object' && r !== null && typeof (r as BotApiResponse).error_code === 'number')
    return r as BotApiResponse;
  return null;
}

/**
 * Bot API failure → what the sender should do: 429 → wait `retry_after`; 403 (blocked, kicked) or
 * "chat not found" → the chat is gone; 5xx and network trouble → try again; any other 4xx → give up.
 */
export function telegramFailure(err: unknown): DeliveryFailure {
  const r = responseOf(err);
  if (r) {
    const code = r.error_code;
    if (code === 429) {
      const s = r.parameters?.retry_after;
      return { kind: 'rate_limited', retryAfterMs: Math.max(1, typeof s === 'number' && s > 0 ? s : 1) * 1000 };
    }
    if (code === 403) return { kind: 'gone' };
    if (code === 400 && GONE_400.test(r.description ?? '')) return { kind: 'gone' };
    if (code >= 500) return { kind: 'transient' };
    return { kind: 'permanent' };
  }
  const code =
    (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code ??
    (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return { kind: 'transient' };
  // Unknown throwables (fetch failures, timeouts) are treated as passing trouble; the queue caps retries.
  return { kind: 'transient' };
}

/** Wrap any Telegram send failure in a typed ChannelError. */
export function toTelegramError(err: unknown, what: string): ChannelError {
  if (err instanceof ChannelError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new ChannelError('telegram', `${what}: ${msg}`, telegramFailure(err), { cause: err });
}

import { ChannelError, type DeliveryFailure } from '../../errors.js';

/**
 * WeCom failures. The long connection answers every command with `{headers: {req_id}, errcode,
 * errmsg}`; the SDK rejects a non-zero answer with that frame itself (not an Error), and a missing
 * answer (5 s) or a closed socket with an Error.
 */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`errcode ${errcode}: ${errmsg}`);
    this.name = 'WecomApiError';
  }
}

/**
 * Over a frequency limit: 45009 "api freq out of limit" (WeCom's global code), 45033 "api concurrent
 * out of limit", 45047 (calls over limit). WeCom gives no reset time: wait one per-chat slot (3 s).
 */
export const RATE_LIMITED = new Set([45009, 45033, 45047]);
export const RATE_LIMIT_WAIT_MS = 3000;
/**
 * The chat will not take our messages: 93008 "not in the chat" (the bot was removed from the group,
 * global code list), 93004 the bot was disabled in this chat. The 智能机器人 docs publish no codes of
 * their own for aibot_send_msg, so the errmsg is read too.
 */
export const GONE = new Set([93008, 93004]);
const GONE_TEXT = /not in (the )?(chat|group)|removed|kicked|不在群|移出|已退出|已解散/i;
const RATE_TEXT = /freq|rate limit|too many|频率|超过限制/i;
/** Bad request shapes: retrying cannot help. */
const PERMANENT = new Set([40008, 40058, 41010, 44004, 846605]);

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

/** A rejected SDK call → WecomApiError when it carries an errcode, else null. */
export function apiErrorOf(err: unknown): WecomApiError | null {
  if (err instanceof WecomApiError) return err;
  const r = rec(err);
  if (typeof r['errcode'] === 'number') return new WecomApiError(r['errcode'], String(r['errmsg'] ?? ''));
  return null;
}

/** errcode → what the sender does: wait and retry, unsubscribe, retry later, or give up. */
export function wecomFailure(err: unknown): DeliveryFailure {
  const e = apiErrorOf(err);
  if (!e) return { kind: 'transient' };
  if (RATE_LIMITED.has(e.errcode) || RATE_TEXT.test(e.errmsg))
    return { kind: 'rate_limited', retryAfterMs: RATE_LIMIT_WAIT_MS };
  if (GONE.has(e.errcode) || GONE_TEXT.test(e.errmsg)) return { kind: 'gone' };
  if (PERMANENT.has(e.errcode)) return { kind: 'permanent' };
  // -1 system busy, and unknown codes: try again (a lost reminder is worse than a late one).
  return { kind: 'transient' };
}

export function toWecomError(err: unknown, what: string): ChannelError {
  if (err instanceof ChannelError) return err;
  const api = apiErrorOf(err);
  const msg = api ? api.message : err instanceof Error ? err.message : String(err);
  return new ChannelError('wecom', `${what}: ${msg}`, wecomFailure(err), { cause: err });
}

import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { ConversationRef } from '../core/types.js';
import type { Keys } from '../store/keys.js';

/**
 * Platform limits as GCRA buckets in Redis (shared by every worker process):
 * Telegram groups ≤ TELEGRAM_GROUP_RATE_PER_MINUTE, Slack channels ≤ SLACK_RATE_PER_SECOND (per chat,
 * a full bucket sends the job back to delayed), and the whole bot ≤ TELEGRAM_RATE_PER_SECOND in ANY
 * one-second window: a `pace` bucket with no burst. Its slots are reserved one interval apart in the
 * same Lua call; the delivery then waits in-process until its slot (at most PACE_HORIZON_MS ahead) and
 * sends. The interval carries a PACE_MARGIN, so a send that lands a few ms late (timers, HTTP) still
 * cannot crowd `rate + 1` messages into one second at the platform; the average stays ≥ 98% of rate.
 */
export interface Bucket {
  key: string;
  /** Per-chat buckets: milliseconds. Pace buckets: microseconds. */
  intervalMs: number;
  /** The bot-wide, no-burst bucket: reserved ahead, never penalized for one chat's 429. */
  pace?: boolean;
}

export type LimitConfig = Pick<
  Config,
  'TELEGRAM_GROUP_RATE_PER_MINUTE' | 'SLACK_RATE_PER_SECOND' | 'TELEGRAM_RATE_PER_SECOND'
>;

/** Slack between the configured rate and the pace actually kept, for send-time jitter. */
export const PACE_MARGIN = 0.02;
/** The furthest ahead a delivery reserves its bot-wide slot and waits for it in-process. */
export const PACE_HORIZON_MS = 2000;

/** Microseconds between two bot-wide sends at `perSecond` (with the margin). */
export function paceIntervalUs(perSecond: number): number {
  return Math.ceil(1_000_000 / (perSecond * (1 - PACE_MARGIN)));
}

export function bucketsFor(ref: ConversationRef, config: LimitConfig, keys: Keys): Bucket[] {
  if (ref.channel === 'telegram') {
    const pace: Bucket = {
      key: keys.rate('tg:*'),
      intervalMs: paceIntervalUs(config.TELEGRAM_RATE_PER_SECOND),
      pace: true,
    };
    if (!ref.chatId.startsWith('-')) return [pace];
    return [
      { key: keys.rate(`tg:${ref.chatId}`), intervalMs: Math.ceil(60_000 / config.TELEGRAM_GROUP_RATE_PER_MINUTE) },
      pace,
    ];
  }
  if (ref.channel === 'slack') {
    return [{ key: keys.rate(`slack:${ref.chatId}`), intervalMs: Math.ceil(1000 / config.SLACK_RATE_PER_SECOND) }];
  }
  return [];
}

/**
 * One round trip: check the delivery ledger, take a slot in every per-chat bucket and reserve the
 * next slot of the pace bucket (if any).
 * Returns ['done', state] when the delivery already ended (sent / failed), ['wait', ms] when a
 * per-chat bucket is full or the pace's next slot is beyond the horizon (nothing taken), or
 * ['go', previousState, delayUs] after marking the ledger `sending:<token>`: send in delayUs µs.
 * previousState `sending:*` means an earlier attempt died mid-send (see README: the at-least-once window).
 * KEYS: ledger, per-chat buckets…, [pace]. ARGV: token, ledger ttl, horizon µs, nChat, intervals…
 */
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v and (string.sub(v, 1, 4) == 'sent' or string.sub(v, 1, 6) == 'failed') then
  return {'done', v}
end
local t = redis.call('TIME')
local nowUs = tonumber(t[1]) * 1000000 + tonumber(t[2])
local now = math.floor(nowUs / 1000)
local nChat = tonumber(ARGV[4])
local wait = 0
for i = 2, nChat + 1 do
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat > now and tat - now > wait then wait = tat - now end
end
if wait > 0 then return {'wait', tostring(wait)} end
local slot = nowUs
if #KEYS > nChat + 1 then
  local pk = KEYS[#KEYS]
  local piv = tonumber(ARGV[#ARGV])
  local ptat = tonumber(redis.call('GET', pk) or '0')
  if ptat > slot then slot = ptat end
  local ahead = slot - nowUs
  if ahead > tonumber(ARGV[3]) then
    return {'wait', tostring(math.ceil((ahead - tonumber(ARGV[3])) / 1000) + 1)}
  end
  redis.call('SET', pk, string.format('%d', slot + piv), 'PX', math.ceil((ahead + piv) / 1000) + 60000)
end
for i = 2, nChat + 1 do
  local iv = tonumber(ARGV[i + 3])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  redis.call('SET', KEYS[i], tostring(tat + iv), 'PX', iv * 2 + 1000)
end
redis.call('SET', KEYS[1], 'sending:' .. ARGV[1], 'PX', ARGV[2])
return {'go', v or '', string.format('%d', slot - nowUs)}
`;

export type ClaimResult =
  | { kind: 'done'; state: string }
  | { kind: 'wait'; ms: number }
  | { kind: 'go'; previous: string };

const LEDGER_TTL_MS = 45 * 24 * 3600 * 1000;

/**
 * Claim the delivery (see CLAIM). On 'go' this resolves at the reserved bot-wide slot, so the caller
 * sends right away; a 'wait' means: move the job to delayed for that long and try again.
 */
export async function claimDelivery(
  redis: Redis,
  ledgerKey: string,
  token: string,
  buckets: Bucket[],
): Promise<ClaimResult> {
  const chat = buckets.filter((b) => !b.pace);
  const pace = buckets.filter((b) => b.pace).slice(0, 1);
  const res = (await redis.eval(
    CLAIM,
    1 + chat.length + pace.length,
    ledgerKey,
    ...chat.map((b) => b.key),
    ...pace.map((b) => b.key),
    token,
    String(LEDGER_TTL_MS),
    String(PACE_HORIZON_MS * 1000),
    String(chat.length),
    ...chat.map((b) => String(b.intervalMs)),
    ...pace.map((b) => String(b.intervalMs)),
  )) as [string, string, string?];
  if (res[0] === 'done') return { kind: 'done', state: res[1] };
  if (res[0] === 'wait') return { kind: 'wait', ms: Number(res[1]) };
  const delayMs = Number(res[2] ?? 0) / 1000;
  if (delayMs > 0) await new Promise((r) => setTimeout(r, Math.ceil(delayMs)));
  return { kind: 'go', previous: res[1] };
}

export { LEDGER_TTL_MS };

const PENALIZE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
for i = 1, #KEYS do
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < until_ then redis.call('SET', KEYS[i], tostring(until_), 'PX', tonumber(ARGV[1]) + 60000) end
end
return until_
`;

/** A platform said "slow down" for this chat: hold every delivery to it (not just this one) for `ms`. */
export async function penalize(redis: Redis, buckets: Bucket[], ms: number): Promise<void> {
  const chat = buckets.filter((b) => !b.pace);
  if (chat.length === 0) return;
  await redis.eval(PENALIZE, chat.length, ...chat.map((b) => b.key), String(ms));
}

import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { ConversationRef } from '../core/types.js';
import type { Keys } from '../store/keys.js';

/**
 * Per-chat platform limits as GCRA buckets in Redis (shared by every worker process):
 * Telegram groups ≤ TELEGRAM_GROUP_RATE_PER_MINUTE, Slack channels ≤ SLACK_RATE_PER_SECOND.
 * The Telegram-wide limit (TELEGRAM_RATE_PER_SECOND) is the telegram delivery queue's BullMQ limiter.
 */
export interface Bucket {
  key: string;
  intervalMs: number;
}

export type LimitConfig = Pick<Config, 'TELEGRAM_GROUP_RATE_PER_MINUTE' | 'SLACK_RATE_PER_SECOND'>;

export function bucketsFor(ref: ConversationRef, config: LimitConfig, keys: Keys): Bucket[] {
  if (ref.channel === 'telegram' && ref.chatId.startsWith('-')) {
    return [
      { key: keys.rate(`tg:${ref.chatId}`), intervalMs: Math.ceil(60_000 / config.TELEGRAM_GROUP_RATE_PER_MINUTE) },
    ];
  }
  if (ref.channel === 'slack') {
    return [{ key: keys.rate(`slack:${ref.chatId}`), intervalMs: Math.ceil(1000 / config.SLACK_RATE_PER_SECOND) }];
  }
  return [];
}

/**
 * One round trip: check the delivery ledger and take a slot in every bucket.
 * Returns ['done', state] when the delivery already ended (sent / failed), ['wait', ms] when a
 * bucket is full (nothing taken), or ['go', previousState] after marking the ledger `sending:<token>`.
 * previousState `sending:*` means an earlier attempt died mid-send (see README: the at-least-once window).
 */
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v and (string.sub(v, 1, 4) == 'sent' or string.sub(v, 1, 6) == 'failed') then
  return {'done', v}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i = 2, #KEYS do
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat > now and tat - now > wait then wait = tat - now end
end
if wait > 0 then return {'wait', tostring(wait)} end
for i = 2, #KEYS do
  local iv = tonumber(ARGV[i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  redis.call('SET', KEYS[i], tostring(tat + iv), 'PX', iv * 2 + 1000)
end
redis.call('SET', KEYS[1], 'sending:' .. ARGV[1], 'PX', ARGV[2])
return {'go', v or ''}
`;

export type ClaimResult =
  | { kind: 'done'; state: string }
  | { kind: 'wait'; ms: number }
  | { kind: 'go'; previous: string };

const LEDGER_TTL_MS = 45 * 24 * 3600 * 1000;

export async function claimDelivery(
  redis: Redis,
  ledgerKey: string,
  token: string,
  buckets: Bucket[],
): Promise<ClaimResult> {
  const res = (await redis.eval(
    CLAIM,
    1 + buckets.length,
    ledgerKey,
    ...buckets.map((b) => b.key),
    token,
    String(LEDGER_TTL_MS),
    ...buckets.map((b) => String(b.intervalMs)),
  )) as [string, string];
  if (res[0] === 'done') return { kind: 'done', state: res[1] };
  if (res[0] === 'wait') return { kind: 'wait', ms: Number(res[1]) };
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
  if (buckets.length === 0) return;
  await redis.eval(PENALIZE, buckets.length, ...buckets.map((b) => b.key), String(ms));
}

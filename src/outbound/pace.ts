import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';

/**
 * The Telegram-wide ceiling (TELEGRAM_RATE_PER_SECOND), shared by every worker process through Redis:
 * - a reservation clock (`key`, a GCRA tat in µs, no burst) hands each delivery the next send time,
 *   one interval apart, so the waiting deliveries wake in order instead of all at once;
 * - a sliding-window log of the sends actually let go (`logKey`, a ZSET of µs times) is the hard
 *   limit: at most `rate` sends in any window of PACE_WINDOW_MS, and never two closer than half an
 *   interval. It is checked when the delivery wakes, so a worker that wakes late (event loop stall, GC)
 *   does not fire its overdue reservations as a burst: they leave one by one as the window allows.
 * The window is 1000 ms / (1 − PACE_MARGIN): the ~30 ms it adds absorbs the jitter between letting a
 * send go and the platform receiving it (a busy worker process); the average stays ≥ 97% of the rate.
 */
export interface Pace {
  key: string;
  logKey: string;
  rate: number;
}

export const PACE_MARGIN = 0.03;
/** The furthest ahead a delivery reserves its send time and waits for it in-process. */
export const PACE_HORIZON_MS = 2000;
const WINDOW_US = Math.round(1_000_000 / (1 - PACE_MARGIN));

export function telegramPace(keys: Keys, rate: number): Pace {
  return { key: keys.rate('tg:*'), logKey: keys.rate('tg:*:sent'), rate };
}

/** ARGV for PACE_FIRE / the pace part of the claim: window µs, cap, min gap µs, interval µs. */
export function paceArgs(p: Pace): string[] {
  const interval = WINDOW_US / p.rate;
  // The clock runs a little faster than the log allows, so someone is always ready when it does.
  return [String(WINDOW_US), String(p.rate), String(Math.floor(interval / 2)), String(Math.floor(interval * 0.95))];
}

/**
 * Lua: `pace_try(logKey, nowUs, winUs, cap, minUs, member)` records a send and returns 0, or returns
 * the µs to wait (nothing recorded). Shared by the claim script and PACE_FIRE.
 */
export const PACE_TRY_LUA = `
local function pace_try(lk, nowUs, winUs, cap, minUs, member)
  redis.call('ZREMRANGEBYSCORE', lk, '-inf', string.format('%d', nowUs - winUs))
  local n = redis.call('ZCARD', lk)
  local wait = 0
  if n >= cap then
    local o = redis.call('ZRANGE', lk, n - cap, n - cap, 'WITHSCORES')
    wait = tonumber(o[2]) + winUs - nowUs
  end
  if n > 0 then
    local last = redis.call('ZRANGE', lk, -1, -1, 'WITHSCORES')
    local w2 = tonumber(last[2]) + minUs - nowUs
    if w2 > wait then wait = w2 end
  end
  if wait > 0 then return wait end
  redis.call('ZADD', lk, string.format('%d', nowUs), string.format('%d', nowUs) .. ':' .. member)
  redis.call('PEXPIRE', lk, math.ceil(winUs / 1000) + 1000)
  return 0
end
`;

/**
 * KEYS: logKey, clock key. ARGV: member, window µs, cap, min gap µs, interval µs.
 * Sends now (returns 0) or, refused, takes a fresh place on the clock and returns the µs until it:
 * the refused spread out again one interval apart instead of all retrying together.
 */
const PACE_FIRE = `${PACE_TRY_LUA}
local t = redis.call('TIME')
local nowUs = tonumber(t[1]) * 1000000 + tonumber(t[2])
local w = pace_try(KEYS[1], nowUs, tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[1])
if w == 0 then return '0' end
local iv = tonumber(ARGV[5])
local slot = tonumber(redis.call('GET', KEYS[2]) or '0')
if slot < nowUs + w then slot = nowUs + w end
redis.call('SET', KEYS[2], string.format('%d', slot + iv), 'PX', math.ceil((slot - nowUs + iv) / 1000) + 60000)
return string.format('%d', slot - nowUs)
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(ms))));

/** Sleep until the reserved time, then until the log lets this send go (and record it). */
export async function waitForPace(redis: Redis, p: Pace, member: string, delayUs: number): Promise<void> {
  if (delayUs > 0) await sleep(delayUs / 1000);
  const args = paceArgs(p);
  for (;;) {
    const w = Number(await redis.eval(PACE_FIRE, 2, p.logKey, p.key, member, ...args));
    if (!(w > 0)) return;
    await sleep(w / 1000);
  }
}

import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { ConversationRef } from '../core/types.js';
import type { Keys } from '../store/keys.js';
import { PACE_HORIZON_MS, PACE_TRY_LUA, type Pace, paceArgs, telegramPace, waitForPace } from './pace.js';

/**
 * Platform limits in Redis (shared by every worker process): per-chat GCRA buckets — Telegram groups
 * ≤ TELEGRAM_GROUP_RATE_PER_MINUTE, Slack channels ≤ SLACK_RATE_PER_SECOND; a full bucket sends the
 * job back to delayed — and the bot-wide Telegram ceiling (TELEGRAM_RATE_PER_SECOND in ANY second),
 * the `pace` (see pace.ts), whose send time is reserved in the same Lua call.
 */
export interface Bucket {
  key: string;
  intervalMs: number;
  /** The bot-wide pace: reserved, then waited for in-process; never penalized for one chat's 429. */
  pace?: Pace;
}

export type LimitConfig = Pick<
  Config,
  'TELEGRAM_GROUP_RATE_PER_MINUTE' | 'SLACK_RATE_PER_SECOND' | 'TELEGRAM_RATE_PER_SECOND'
>;

/** Feishu: 5 messages/s per chat (user or group) → one per 200 ms. */
export const FEISHU_CHAT_INTERVAL_MS = 200;
/** Feishu: 50 messages/s per app → one per 20 ms. */
export const FEISHU_APP_INTERVAL_MS = 20;

/**
 * DingTalk: a group robot takes 20 messages/min per chat, then blocks the chat for 10 minutes
 * (open.dingtalk.com, 自定义机器人 "消息发送频率限制", errcode 130101; the same figure is applied to the
 * enterprise robot's groupMessages/send and to one-to-one chats) → one per 3 s.
 */
export const DINGTALK_CHAT_INTERVAL_MS = 3000;
/**
 * DingTalk app-wide: an internal app may call one OpenAPI 20 times per second (open.dingtalk.com,
 * 调用频率限制 "企业内部应用 单个接口 20 次/秒"; unconfirmed for the robot APIs) → one per 50 ms.
 */
export const DINGTALK_APP_INTERVAL_MS = 50;

/**
 * WeCom: 20 messages/min per chat → one per 3 s. The published figure is the group robot's
 * (developer.work.weixin.qq.com/document/path/91770, 群机器人配置说明 "消息发送频率限制：每个机器人发送的消息
 * 不能超过20条/分钟"); the 智能机器人's own push limit is not published, so the same figure is used.
 */
export const WECOM_CHAT_INTERVAL_MS = 3000;

export function bucketsFor(ref: ConversationRef, config: LimitConfig, keys: Keys): Bucket[] {
  if (ref.channel === 'telegram') {
    const p = telegramPace(keys, config.TELEGRAM_RATE_PER_SECOND);
    const pace: Bucket = { key: p.key, intervalMs: 0, pace: p };
    if (!ref.chatId.startsWith('-')) return [pace];
    return [
      { key: keys.rate(`tg:${ref.chatId}`), intervalMs: Math.ceil(60_000 / config.TELEGRAM_GROUP_RATE_PER_MINUTE) },
      pace,
    ];
  }
  if (ref.channel === 'feishu') {
    // Feishu's published limits (open.feishu.cn, 发送消息 "频率限制"): 5 QPS per user and 5 QPS per
    // group, the group's shared by every bot in it; the message API 50/s per app.
    return [
      { key: keys.rate(`fs:${ref.chatId}`), intervalMs: FEISHU_CHAT_INTERVAL_MS },
      { key: keys.rate('fs:app'), intervalMs: FEISHU_APP_INTERVAL_MS },
    ];
  }
  if (ref.channel === 'dingtalk') {
    return [
      { key: keys.rate(`dt:${ref.chatId}`), intervalMs: DINGTALK_CHAT_INTERVAL_MS },
      { key: keys.rate('dt:app'), intervalMs: DINGTALK_APP_INTERVAL_MS },
    ];
  }
  if (ref.channel === 'wecom') {
    return [{ key: keys.rate(`wc:${ref.chatId}`), intervalMs: WECOM_CHAT_INTERVAL_MS }];
  }
  if (ref.channel === 'slack') {
    return [{ key: keys.rate(`slack:${ref.chatId}`), intervalMs: Math.ceil(1000 / config.SLACK_RATE_PER_SECOND) }];
  }
  return [];
}

/**
 * One round trip: check the delivery ledger, take a slot in every per-chat bucket and reserve the
 * pace's next send time (sending at once if that is now and the pace's log allows it).
 * Returns ['done', state] when the delivery already ended (sent / failed), ['wait', ms] when a
 * per-chat bucket is full or the pace's next time is beyond the horizon (nothing taken), or
 * ['go', previousState, delayUs, fired] after marking the ledger `sending:<token>`; fired = '0' means
 * wait delayUs and then for the pace's log (waitForPace).
 * previousState `sending:*` means an earlier attempt died mid-send (see README: the at-least-once window).
 * KEYS: ledger, per-chat buckets…, [pace key, pace log].
 * ARGV: token, ledger ttl, horizon µs, nChat, window µs, cap, min gap µs, interval µs, chat intervals…
 */
const CLAIM = `${PACE_TRY_LUA}
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
local ahead = 0
local fired = '1'
if #KEYS > nChat + 1 then
  local pk = KEYS[nChat + 2]
  local piv = tonumber(ARGV[8])
  local slot = tonumber(redis.call('GET', pk) or '0')
  if slot < nowUs then slot = nowUs end
  ahead = slot - nowUs
  if ahead > tonumber(ARGV[3]) then
    return {'wait', tostring(math.ceil((ahead - tonumber(ARGV[3])) / 1000) + 1)}
  end
  redis.call('SET', pk, string.format('%d', slot + piv), 'PX', math.ceil((ahead + piv) / 1000) + 60000)
  fired = '0'
  if ahead == 0 and pace_try(KEYS[nChat + 3], nowUs, tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[1]) == 0 then
    fired = '1'
  end
end
for i = 2, nChat + 1 do
  local iv = tonumber(ARGV[i + 7])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  redis.call('SET', KEYS[i], tostring(tat + iv), 'PX', iv * 2 + 1000)
end
redis.call('SET', KEYS[1], 'sending:' .. ARGV[1], 'PX', ARGV[2])
return {'go', v or '', string.format('%d', ahead), fired}
`;

export type ClaimResult =
  | { kind: 'done'; state: string }
  | { kind: 'wait'; ms: number }
  | { kind: 'go'; previous: string };

const LEDGER_TTL_MS = 45 * 24 * 3600 * 1000;

/**
 * Claim the delivery (see CLAIM). On 'go' this resolves when the bot-wide pace lets the send go, so
 * the caller sends right away; a 'wait' means: move the job to delayed for that long and try again.
 */
export async function claimDelivery(
  redis: Redis,
  ledgerKey: string,
  token: string,
  buckets: Bucket[],
): Promise<ClaimResult> {
  const chat = buckets.filter((b) => !b.pace);
  const pace = buckets.find((b) => b.pace)?.pace;
  const res = (await redis.eval(
    CLAIM,
    1 + chat.length + (pace ? 2 : 0),
    ledgerKey,
    ...chat.map((b) => b.key),
    ...(pace ? [pace.key, pace.logKey] : []),
    token,
    String(LEDGER_TTL_MS),
    String(PACE_HORIZON_MS * 1000),
    String(chat.length),
    ...(pace ? paceArgs(pace) : ['0', '0', '0', '0']),
    ...chat.map((b) => String(b.intervalMs)),
  )) as [string, string, string?, string?];
  if (res[0] === 'done') return { kind: 'done', state: res[1] };
  if (res[0] === 'wait') return { kind: 'wait', ms: Number(res[1]) };
  if (pace && res[3] === '0') await waitForPace(redis, pace, token, Number(res[2] ?? 0));
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

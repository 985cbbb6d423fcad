import { ChannelError, type DeliveryFailure } from '../../errors.js';

/**
 * A DingTalk OpenAPI refusal: HTTP 4xx/5xx with `{code, message, requestid}` (api.dingtalk.com),
 * or a 200 whose body says some receivers were throttled or invalid.
 */
export class DingTalkApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`${code}: ${message}`);
    this.name = 'DingTalkApiError';
  }
}

/** The custom-robot limit's own errcode (20/min, then a 10 min block): 130101 "send too fast". */
export const SEND_TOO_FAST = '130101';
/** batchSend answered 200 but put the receiver on `flowControlledStaffIdList`. */
export const FLOW_CONTROLLED = 'flowControlled';
/** batchSend answered 200 but put the receiver on `invalidStaffIdList` (left the org, not a staff id). */
export const INVALID_STAFF = 'invalidStaffId';

/** Per-second throttling (Forbidden.AccessDenied.QpsLimitForApi, …QpsLimitForAppkeyAndApi, Throttling.*). */
const QPS = /QpsLimit|Throttling|TooManyRequests/i;
/** Per-chat / per-receiver throttling (the 20/min window, flow control): a minute. */
const PER_CHAT = /FlowControl|^flowControlled$/i;
/** 130101: the robot sent too fast and the chat is blocked for 10 minutes. */
const BLOCKED_MS = 10 * 60_000;

/**
 * The bot can no longer post here: the robot is not (or no longer) in the group, the group or robot
 * was dissolved or stopped, the user is not a staff member. (open.dingtalk.com, 机器人发送群聊消息 错误码:
 * invalidParameter.robotCode.notExsit "请检查机器人是否在群内", invalid.openConversationId, bot.stopped.)
 */
const GONE =
  /robot\.?not\.?in|notInGroup|robotCode\.notExsit|robotCode\.notExist|invalid\.openConversationId|openConversationId\.notExisted|bot\.stopped|chat\.?dissolved|^invalidStaffId$/i;
/** The access token is stale: the next call fetches a new one. */
const TOKEN = /InvalidAuthentication|accessToken|token\.invalid|^40001$|^42001$/i;

/**
 * DingTalk failure → what the sender does: throttled → wait (Retry-After, else 1 s for a QPS limit
 * or a bare HTTP 429, a minute for flow control, 10 min for 130101); the robot out of the group →
 * gone; 5xx, token trouble, the network → again; other refusals → give up.
 */
export function dingtalkFailure(err: unknown): DeliveryFailure {
  if (!(err instanceof DingTalkApiError)) return { kind: 'transient' };
  const wait = (ms: number): DeliveryFailure => ({ kind: 'rate_limited', retryAfterMs: err.retryAfterMs ?? ms });
  if (err.code === SEND_TOO_FAST) return wait(BLOCKED_MS);
  if (PER_CHAT.test(err.code)) return wait(60_000);
  if (QPS.test(err.code) || err.status === 429) return wait(1000);
  if (GONE.test(err.code)) return { kind: 'gone' };
  if (TOKEN.test(err.code) || err.status === 401 || err.status >= 500) return { kind: 'transient' };
  return { kind: 'permanent' };
}

export function toDingTalkError(err: unknown, what: string): ChannelError {
  if (err instanceof ChannelError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new ChannelError('dingtalk', `${what}: ${msg}`, dingtalkFailure(err), { cause: err });
}

import { z } from 'zod';
import { IDENTITY_RE, isWebVisitor } from './core/types.js';
import { ConfigError } from './errors.js';

/** Empty strings count as unset. */
const str = () => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());
const withDefault = <T extends z.ZodType>(schema: T, def: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : def), schema);
const int = (def: number, min: number, max: number) => withDefault(z.coerce.number().int().min(min).max(max), String(def));
const bool = (def: boolean) =>
  withDefault(
    z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes'),
    String(def),
  );
const duration = /^\d+(m|h|d)$/;
/** host:port,host:port (Redis Sentinel or Cluster nodes). */
const hostPorts = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[\w.-]+:\d{1,5}$/, 'each entry is host:port')))
  .transform((list) =>
    list.map((hp) => {
      const i = hp.lastIndexOf(':');
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
    }),
  );
const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Every setting, with an example shown when it is wrong. */
const EXAMPLES: Record<string, string> = {
  PORT: '3000',
  HOST: '127.0.0.1',
  REDIS_URL: 'redis://127.0.0.1:6379/0',
  REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379',
  REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000',
  REDIS_PREFIX: '{ud}:',
  ADMINS: 'telegram:12345,slack:U0123ABC',
  LOG_LEVEL: 'info',
  OPENAI_BASE_URL: 'https://api.openai.com/v1',
  OPENAI_TIMEOUT_MS: '15000',
  REMINDER_LEAD_TIMES: '7d,1d,2h',
  QUIET_HOURS: '22:00-08:00',
  TIMEZONE: 'Asia/Shanghai',
  TELEGRAM_MODE: 'polling',
  TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
  TELEGRAM_API_ROOT: 'https://api.telegram.org',
  SLACK_API_URL: 'https://slack.com/api/',
  MAX_INPUT_CHARS: '4000',
  REPORT_CHASE_DAY: '5',
  PROCESS_ROLE: 'bot',
  ALL_DAY_REMINDER_HOUR: '9',
  FEISHU_APP_ID: 'cli_a5f3c2b1d4e6f789',
  FEISHU_MODE: 'ws',
  FEISHU_DOMAIN: 'https://open.feishu.cn',
  DINGTALK_CLIENT_ID: 'dingxxxxxxxxxxxxxxxx',
  DINGTALK_MODE: 'stream',
  DINGTALK_API_ROOT: 'https://api.dingtalk.com',
  WECOM_MODE: 'ws',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  WECOM_WS_URL: 'wss://openws.work.weixin.qq.com',
};


export const configSchema = z
  .object({
    NODE_ENV: withDefault(z.enum(['development', 'production', 'test']), 'development'),
    PORT: int(3000, 0, 65535),
    HOST: withDefault(z.string().min(1), '127.0.0.1'),
    LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
    DATA_DIR: withDefault(z.string().min(1), 'data'),
    REDIS_URL: str().pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    REDIS_PREFIX: withDefault(z.string().max(64).regex(/^[\w.:{}-]*$/, 'letters, digits and . : - _ { } only'), 'ud:'),
    /** Redis Sentinel: the sentinels (host:port,…) and the master's name; REDIS_URL then only carries password/db/tls. */
    REDIS_SENTINELS: withDefault(hostPorts, ''),
    REDIS_SENTINEL_NAME: withDefault(z.string().regex(/^[\w.-]+$/, 'letters, digits and . - _ only'), 'mymaster'),
    /** The sentinels' own password (`requirepass` in sentinel.conf), when they have one. */
    REDIS_SENTINEL_PASSWORD: str(),
    /** Redis Cluster: some of its nodes (host:port,…); every key then carries REDIS_PREFIX's hash tag. */
    REDIS_CLUSTER_NODES: withDefault(hostPorts, ''),
    ADMINS: withDefault(
      z
        .string()
        .transform((s) =>
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        )
        .pipe(
          z.array(
            z
              .string()
              .regex(IDENTITY_RE, 'each entry must be channel:userId')
              .refine((s) => !isWebVisitor(s), 'a web visitor gains a role only by /join or /link'),
          ),
        ),
      '',
    ),
    CORPUS_DIRS: withDefault(z.string().transform((s) => s.split(':').filter(Boolean)), 'corpus'),
    MAX_INPUT_CHARS: int(4000, 100, 100_000),
    /** Messages per minute one identity (below staff) may send on any channel; more get a friendly wait. */
    CHAT_RATE_PER_MINUTE: int(30, 1, 10_000),
    /** Messages per minute from one IP on the web chat page (visitors). */
    CHAT_RATE_PER_IP_PER_MINUTE: int(120, 1, 100_000),
    /** A web chat subscription lapses after this many days unless /subscribe is sent again. */
    WEB_SUB_TTL_DAYS: int(30, 1, 365),
    /** How many web chats one identity may subscribe. */
    WEB_SUBS_PER_IDENTITY: int(3, 1, 1000),
    /** Bearer token of the integration API (POST /api/chat with userId) on a public HOST; a server credential. */
    WEB_CHAT_TOKEN: str().pipe(z.string().min(16, 'at least 16 characters').optional()),
    /** Signs the web chat's visitor cookie; unset = generated once and kept in Redis. */
    WEB_COOKIE_SECRET: str().pipe(z.string().min(16, 'at least 16 characters').optional()),
    /** Extra Host names the server answers besides loopback and PUBLIC_URL's host (comma list). */
    ALLOWED_HOSTS: withDefault(
      z.string().transform((s) =>
        s
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      ),
      '',
    ),
    /** Which parts run in this process: HTTP and channels (bot), the queue workers (worker), or both. */
    PROCESS_ROLE: withDefault(z.enum(['all', 'bot', 'worker']), 'all'),
    RUN_WORKERS: bool(true),
    TIMEZONE: withDefault(
      z.string().refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'unknown time zone'),
      'Asia/Shanghai',
    ),
    REMINDER_LEAD_TIMES: withDefault(
      z
        .string()
        .transform((s) => s.split(',').map((x) => x.trim()))
        .pipe(z.array(z.string().regex(duration, 'each lead time is like 7d, 1d, 2h or 30m'))),
      '7d,1d,2h',
    ),
    QUIET_HOURS: withDefault(
      z
        .string()
        .regex(/^\d\d:\d\d-\d\d:\d\d$|^off$/, 'HH:MM-HH:MM or off')
        .refine((s) => s === 'off' || s.split('-').every((x) => hhmm.test(x)), 'hours 00-23, minutes 00-59'),
      '22:00-08:00',
    ),
    /** Hour (local, 0-23) of an all-day event's reminders, the day before and on the day. */
    ALL_DAY_REMINDER_HOUR: int(9, 0, 23),
    REPORT_CHASE_DAY: int(5, 1, 28),
    REPORT_CHASE_REPEAT_DAYS: int(3, 1, 20),
    FORM_TTL_DAYS: int(7, 1, 90),
    /** Bearer token for GET /api/admin/export; unset = the admin API answers 403. */
    ADMIN_API_TOKEN: str(),
    /** Salt of the pseudonymous identities stored with feedback; unset = generated once and kept in Redis. */
    FEEDBACK_SALT: str(),
    OPENAI_API_KEY: str(),
    OPENAI_BASE_URL: str().pipe(z.url().optional()),
    OPENAI_MODEL: withDefault(z.string().min(1), 'gpt-4o-mini'),
    OPENAI_TIMEOUT_MS: int(15000, 100, 600_000),
    TELEGRAM_BOT_TOKEN: str(),
    TELEGRAM_API_ROOT: withDefault(z.url(), 'https://api.telegram.org'),
    TELEGRAM_MODE: withDefault(z.enum(['polling', 'webhook']), 'polling'),
    TELEGRAM_WEBHOOK_URL: str().pipe(z.url().optional()),
    TELEGRAM_WEBHOOK_SECRET: str().pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, 'letters, digits, _ and - only')
        .optional(),
    ),
    TELEGRAM_RATE_PER_SECOND: int(25, 1, 1000),
    TELEGRAM_GROUP_RATE_PER_MINUTE: int(20, 1, 1000),
    SLACK_BOT_TOKEN: str(),
    SLACK_SIGNING_SECRET: str(),
    SLACK_APP_TOKEN: str(),
    SLACK_API_URL: withDefault(z.url(), 'https://slack.com/api/'),
    SLACK_RATE_PER_SECOND: int(1, 1, 100),
    FEISHU_APP_ID: str(),
    FEISHU_APP_SECRET: str(),
    /** ws: the SDK's long connection (no public URL); webhook: events on POST /feishu/events. */
    FEISHU_MODE: withDefault(z.enum(['ws', 'webhook']), 'ws'),
    FEISHU_VERIFICATION_TOKEN: str(),
    FEISHU_ENCRYPT_KEY: str(),
    FEISHU_DOMAIN: withDefault(z.url(), 'https://open.feishu.cn'),
    /** DingTalk (钉钉): the app's Client ID (AppKey) and Client Secret (AppSecret); on when both are set. */
    DINGTALK_CLIENT_ID: str(),
    DINGTALK_CLIENT_SECRET: str(),
    /** The robot's code (robotCode); for an internal app's robot it is the Client ID (the default). */
    DINGTALK_ROBOT_CODE: str(),
    /** stream: the dingtalk-stream SDK's long connection (no public URL); webhook: callbacks on POST /dingtalk/events. */
    DINGTALK_MODE: withDefault(z.enum(['stream', 'webhook']), 'stream'),
    /** The OpenAPI root (token, robot sends, the Stream gateway); tests point it at a fake. */
    DINGTALK_API_ROOT: withDefault(z.url(), 'https://api.dingtalk.com'),
    /** WeCom 智能机器人: on when the bot id and secret are set. */
    WECOM_BOT_ID: str(),
    WECOM_BOT_SECRET: str(),
    /** ws: the aibot long connection (no public URL, proactive pushes); webhook: callbacks on POST /wecom/events. */
    WECOM_MODE: withDefault(z.enum(['ws', 'webhook']), 'ws'),
    WECOM_TOKEN: str(),
    WECOM_ENCODING_AES_KEY: str().pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9]{43}$/, '43 letters and digits')
        .optional(),
    ),
    WECOM_WS_URL: withDefault(z.url({ protocol: /^wss?$/ }), 'wss://openws.work.weixin.qq.com'),
    /** The bot's name as members @-mention it in groups; unset: any @name in a group message counts. */
    WECOM_BOT_NAME: str(),
    /** BullMQ job lock; a worker killed mid-job has its jobs picked up again after this long. */
    QUEUE_LOCK_MS: int(30_000, 1000, 600_000),
    DELIVERY_CONCURRENCY: int(20, 1, 500),
    PUBLIC_URL: str().pipe(z.url().optional()),
    /** Which proxies may set X-Forwarded-For: loopback (default), true, false, or a comma list of addresses/CIDRs. */
    TRUST_PROXY: withDefault(
      z.string().transform((s): boolean | string => (s === 'true' ? true : s === 'false' ? false : s)),
      'loopback',
    ),
  })
  .superRefine((c, ctx) => {
    if (c.REDIS_SENTINELS.length && c.REDIS_CLUSTER_NODES.length) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_CLUSTER_NODES'], message: 'set REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both' });
    }
    if (c.FEISHU_APP_ID && c.FEISHU_APP_SECRET && c.FEISHU_MODE === 'webhook' && !c.FEISHU_VERIFICATION_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['FEISHU_VERIFICATION_TOKEN'], message: 'required when FEISHU_MODE=webhook' });
    }
    if (c.FEISHU_APP_ID && c.FEISHU_MODE === 'ws' && !/^cli_[0-9a-f]{16}$/.test(c.FEISHU_APP_ID)) {
      ctx.addIssue({ code: 'custom', path: ['FEISHU_APP_ID'], message: 'the long connection needs an app id shaped cli_ + 16 hex digits' });
    }
    if (Boolean(c.DINGTALK_CLIENT_ID) !== Boolean(c.DINGTALK_CLIENT_SECRET)) {
      const missing = c.DINGTALK_CLIENT_ID ? 'DINGTALK_CLIENT_SECRET' : 'DINGTALK_CLIENT_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'DingTalk needs both the client id and the client secret' });
    }
    if (c.WECOM_BOT_ID && c.WECOM_BOT_SECRET && c.WECOM_MODE === 'webhook') {
      for (const k of ['WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const) {
        if (!c[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required when WECOM_MODE=webhook' });
      }
    }
    if (c.TELEGRAM_MODE === 'webhook' && c.TELEGRAM_BOT_TOKEN && !c.TELEGRAM_WEBHOOK_URL) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_URL'], message: 'required when TELEGRAM_MODE=webhook' });
    }
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;

/** Which parts run in this process: the bot (HTTP + channels), the queue workers, or both (default). */
export type ProcessRole = RawConfig['PROCESS_ROLE'];

export type RedisMode = 'single' | 'sentinel' | 'cluster';

export interface Config extends RawConfig {
  /** single (REDIS_URL or the embedded server), sentinel (REDIS_SENTINELS) or cluster (REDIS_CLUSTER_NODES). */
  redisMode: RedisMode;
  /** OpenAI is on when a key is set. */
  openai: { apiKey: string; baseURL: string | undefined; model: string; timeoutMs: number } | null;
  /**
   * The integration API (POST /api/chat with userId, GET /api/chat/updates?chatId=) is reachable:
   * open on loopback, elsewhere only with WEB_CHAT_TOKEN. The web chat page itself is always on.
   */
  webChatEnabled: boolean;
  /** The Host names (no port) the server answers: loopback names, PUBLIC_URL's host, ALLOWED_HOSTS. */
  allowedHosts: Set<string>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** Host header names of loopback (URL hostnames keep IPv6 brackets). */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Is this bind address loopback (the integration API is open there without a token)? */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host);
}

/**
 * The hash tag Redis Cluster hashes a key by: the text between the first `{` and the next `}`
 * when it is not empty (so every key under this prefix lands in one slot); null when there is none.
 */
export function hashTagOf(prefix: string): string | null {
  const open = prefix.indexOf('{');
  if (open < 0) return null;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1 ? prefix.slice(open + 1, close) : null;
}

/** Parse the environment once; every problem is listed (name, what is wrong, an example). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '?');
      const ex = EXAMPLES[name];
      return `${name}: ${i.message}${ex ? ` (example: ${name}=${ex})` : ''}`;
    });
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  const redisMode: RedisMode = c.REDIS_CLUSTER_NODES.length ? 'cluster' : c.REDIS_SENTINELS.length ? 'sentinel' : 'single';
  if (redisMode === 'cluster' && !hashTagOf(c.REDIS_PREFIX)) {
    // Every multi-key command, Lua script and BullMQ queue needs its keys in one slot: the prefix's tag.
    if (env['REDIS_PREFIX']?.trim()) {
      throw new ConfigError([
        `REDIS_PREFIX: with REDIS_CLUSTER_NODES the prefix needs a hash tag so every key shares one slot (example: REDIS_PREFIX={${c.REDIS_PREFIX.replace(/:$/, '') || 'ud'}}:)`,
      ]);
    }
    c.REDIS_PREFIX = '{ud}:';
  }
  return {
    ...c,
    redisMode,
    openai: c.OPENAI_API_KEY
      ? { apiKey: c.OPENAI_API_KEY, baseURL: c.OPENAI_BASE_URL, model: c.OPENAI_MODEL, timeoutMs: c.OPENAI_TIMEOUT_MS }
      : null,
    webChatEnabled: LOOPBACK.has(c.HOST) || Boolean(c.WEB_CHAT_TOKEN),
    allowedHosts: new Set([
      ...LOOPBACK_NAMES,
      ...(c.PUBLIC_URL ? [new URL(c.PUBLIC_URL).hostname.toLowerCase()] : []),
      ...c.ALLOWED_HOSTS,
    ]),
  };
}

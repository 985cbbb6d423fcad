import * as lark from '@larksuiteoapi/node-sdk';
import type { Channel, ChannelIo } from '../../core/channel.js';
import type { Deps } from '../../core/deps.js';
import type { Logger } from '../../logger.js';
import type { Router } from '../../core/router.js';
import { createLease, reconnectCounter } from '../lease.js';
import { feishuSender } from './channel.js';
import { checkBody } from './errors.js';
import { type FeishuContext, feishuHandlers } from './handler.js';
import { feishuWebhookRoute } from './webhook.js';

/** The SDK's logger, into ours (its info lines are chatty: debug). */
function sdkLogger(logger: Logger): lark.Logger {
  const child = logger.child({ sdk: 'lark' });
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    error: (...m: unknown[]) => child.error(line(m)),
    warn: (...m: unknown[]) => child.warn(line(m)),
    info: (...m: unknown[]) => child.debug(line(m)),
    debug: (...m: unknown[]) => child.debug(line(m)),
    trace: (...m: unknown[]) => child.trace(line(m)),
  };
}

/** A token cache of this client's own (the SDK's default is one per Node process, shared by every client). */
function tokenCache(): lark.Cache {
  const values = new Map<string, { value: unknown; until: number | undefined }>();
  const name = (key: string | { toString(): string }, ns?: string) => `${ns ?? ''}/${key.toString()}`;
  return {
    async set(key, value, expire, options) {
      values.set(name(key, options?.namespace), { value, until: expire });
      return true;
    },
    async get(key, options) {
      const v = values.get(name(key, options?.namespace));
      return v && (!v.until || v.until > Date.now()) ? v.value : undefined;
    },
  };
}

/**
 * Feishu / Lark: sending (every process) through the SDK's Client at FEISHU_DOMAIN, plus receiving
 * when `io.router` — the SDK's WSClient long connection (FEISHU_MODE=ws, the default; held by one
 * replica behind a Redis lease) or the webhook POST /feishu/events. Null without the app id and secret.
 */
export function createFeishuChannel(deps: Deps, io: ChannelIo): Channel | null {
  const { config, logger } = deps;
  const appId = config.FEISHU_APP_ID;
  const appSecret = config.FEISHU_APP_SECRET;
  if (!appId || !appSecret) return null;
  const common = {
    appId,
    appSecret,
    domain: config.FEISHU_DOMAIN,
    logger: sdkLogger(logger),
    loggerLevel: lark.LoggerLevel.info,
  };
  const client = new lark.Client({ ...common, cache: tokenCache() });
  const sender = feishuSender(client);
  if (!io.router) return sender;
  const router: Router = io.router;

  const inflight = new Set<Promise<unknown>>();
  let botOpenId: string | null = null;
  const ctx: FeishuContext = {
    deps,
    io: { router, gone: io.gone },
    client,
    async botOpenId() {
      if (botOpenId) return botOpenId;
      try {
        const info = checkBody(
          (await client.request({ method: 'GET', url: `${config.FEISHU_DOMAIN}/open-apis/bot/v3/info` })) as {
            bot?: { open_id?: string };
          },
        );
        botOpenId = info.bot?.open_id ?? null;
      } catch (err) {
        logger.warn({ err }, 'feishu: bot info failed (group mentions are not recognised until it works)');
      }
      return botOpenId;
    },
    track(work) {
      inflight.add(work);
      void work.finally(() => inflight.delete(work));
    },
  };
  const dispatcher = new lark.EventDispatcher({
    logger: common.logger,
    loggerLevel: common.loggerLevel,
    ...(config.FEISHU_ENCRYPT_KEY ? { encryptKey: config.FEISHU_ENCRYPT_KEY } : {}),
    ...(config.FEISHU_VERIFICATION_TOKEN ? { verificationToken: config.FEISHU_VERIFICATION_TOKEN } : {}),
  }).register(feishuHandlers(ctx) as Parameters<lark.EventDispatcher['register']>[0]);

  if (config.FEISHU_MODE === 'webhook') {
    return {
      ...sender,
      routes: [
        feishuWebhookRoute({
          verificationToken: config.FEISHU_VERIFICATION_TOKEN ?? '',
          encryptKey: config.FEISHU_ENCRYPT_KEY,
          dispatcher,
          logger,
        }),
      ],
      start: async () => {
        await ctx.botOpenId();
      },
      stop: async () => {
        await Promise.allSettled([...inflight]);
      },
    };
  }

  const reconnects = reconnectCounter(deps.metrics.registry);
  let ws: lark.WSClient | null = null;
  const lease = createLease(deps, {
    name: 'feishu',
    connect: async () => {
      await ctx.botOpenId();
      ws = new lark.WSClient({
        ...common,
        onReady: () => logger.info('feishu long connection ready'),
        onReconnecting: () => logger.warn('feishu long connection lost; reconnecting'),
        onReconnected: () => {
          reconnects.inc({ channel: 'feishu' });
          logger.info('feishu long connection reconnected');
        },
        onError: (err: Error) => logger.error({ err }, 'feishu long connection gave up'),
      });
      await ws.start({ eventDispatcher: dispatcher });
    },
    disconnect: async () => {
      ws?.close({ force: true });
      ws = null;
    },
  });
  return {
    ...sender,
    start: () => lease.start(),
    stop: async () => {
      await lease.stop();
      await Promise.allSettled([...inflight]);
    },
  };
}

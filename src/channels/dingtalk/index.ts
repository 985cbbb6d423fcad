import type { Channel, ChannelIo } from '../../core/channel.js';
import type { Deps } from '../../core/deps.js';
import { createLease, reconnectCounter } from '../lease.js';
import { createDingTalkApi } from './api.js';
import { type DingTalkSenderDeps, dingtalkSender } from './channel.js';
import { type DingTalkContext, later } from './handler.js';
import type { StreamConnection } from './stream.js';
import { dingtalkWebhookRoute } from './webhook.js';

/**
 * DingTalk (钉钉): sending (every process) through the robot OpenAPI at DINGTALK_API_ROOT, plus
 * receiving when `io.router` — the `dingtalk-stream` long connection (DINGTALK_MODE=stream, the
 * default; held by one replica behind a Redis lease) or the HTTP callback POST /dingtalk/events.
 * Null without the client id and secret.
 */
export function createDingTalkChannel(deps: Deps, io: ChannelIo): Channel | null {
  const { config, logger } = deps;
  const clientId = config.DINGTALK_CLIENT_ID;
  const clientSecret = config.DINGTALK_CLIENT_SECRET;
  if (!clientId || !clientSecret) return null;
  const api = createDingTalkApi({ root: config.DINGTALK_API_ROOT, clientId, clientSecret });
  const senderDeps: DingTalkSenderDeps = {
    api,
    robotCode: config.DINGTALK_ROBOT_CODE ?? clientId,
    redis: deps.redis,
    keys: deps.keys,
  };
  const sender = dingtalkSender(senderDeps);
  if (!io.router) return sender;

  const inflight = new Set<Promise<unknown>>();
  const ctx: DingTalkContext = {
    deps,
    router: io.router,
    sender: senderDeps,
    track(work) {
      inflight.add(work);
      void work.finally(() => inflight.delete(work));
    },
  };

  if (config.DINGTALK_MODE === 'webhook') {
    return {
      ...sender,
      routes: [dingtalkWebhookRoute({ appSecret: clientSecret, logger, onMessage: (msg) => later(ctx, msg) })],
      stop: async () => {
        await Promise.allSettled([...inflight]);
      },
    };
  }

  const reconnects = reconnectCounter(deps.metrics.registry);
  let stream: StreamConnection | null = null;
  const lease = createLease(deps, {
    name: 'dingtalk',
    connect: async () => {
      // Loaded only here: the SDK and axios cost CLI runs, workers and webhook mode nothing.
      const { createStreamConnection } = await import('./stream.js');
      stream = createStreamConnection({
        clientId,
        clientSecret,
        apiRoot: config.DINGTALK_API_ROOT,
        logger: logger.child({ channel: 'dingtalk' }),
        onMessage: (msg) => later(ctx, msg),
        onReconnect: () => reconnects.inc({ channel: 'dingtalk' }),
      });
      await stream.connect();
    },
    disconnect: async () => {
      stream?.close();
      stream = null;
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

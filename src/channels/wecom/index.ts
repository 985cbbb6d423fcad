import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Channel, ChannelIo } from '../../core/channel.js';
import type { Deps } from '../../core/deps.js';
import type { Logger } from '../../logger.js';
import { createLease, reconnectCounter } from '../lease.js';
import { type WecomLink, wecomSender } from './channel.js';
import { type WecomContext, processCardPress, processEnterChat, processMessage } from './handler.js';
import { eventType } from './parse.js';
import { createRelay } from './relay.js';
import { wecomWebhookRoute } from './webhook.js';

/** The SDK's logger, into ours (its info lines are chatty: debug). */
function sdkLogger(logger: Logger) {
  const child = logger.child({ sdk: 'wecom' });
  const line = (message: string, args: unknown[]) =>
    [message, ...args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))].join(' ');
  return {
    debug: (m: string, ...a: unknown[]) => child.trace(line(m, a)),
    info: (m: string, ...a: unknown[]) => child.debug(line(m, a)),
    warn: (m: string, ...a: unknown[]) => child.warn(line(m, a)),
    error: (m: string, ...a: unknown[]) => child.error(line(m, a)),
  };
}

/** How long start() waits for the first subscribe answer before going on (the SDK keeps trying). */
const AUTH_WAIT_MS = 10_000;

/**
 * WeCom 智能机器人: the aibot long connection (WECOM_MODE=ws, the default; no public URL) held by
 * one replica behind a Redis lease — WeCom keeps one live connection per bot and a new one kicks the
 * old — or encrypted callbacks on POST /wecom/events (webhook). Replies go back on the callback's
 * req_id; reminders and broadcasts are pushed with aibot_send_msg over the connection, so only its
 * holder sends them. Null without the bot id and secret.
 */
export function createWecomChannel(deps: Deps, io: ChannelIo): Channel | null {
  const { config, logger } = deps;
  const botId = config.WECOM_BOT_ID;
  const secret = config.WECOM_BOT_SECRET;
  if (!botId || !secret) return null;
  let client: WSClient | null = null;
  const relay = createRelay(deps);
  const link: WecomLink = {
    client: () => client,
    push: (chatid, body) => (client?.isConnected ? client.sendMessage(chatid, body) : relay.send(chatid, body)),
  };
  const sender = wecomSender(link);
  // A worker process never connects (a new connection would kick the bot's): its pushes go through the relay.
  if (!io.router) return { ...sender, stop: () => relay.close() };

  const inflight = new Set<Promise<unknown>>();
  const ctx: WecomContext = {
    deps,
    io: { router: io.router, gone: io.gone },
    link,
    botName: config.WECOM_BOT_NAME,
    track(work) {
      inflight.add(work);
      void work.finally(() => inflight.delete(work));
    },
  };
  const later = (what: string, run: () => Promise<unknown>) =>
    ctx.track(run().catch((err: unknown) => logger.error({ err }, `wecom ${what} failed`)));

  if (config.WECOM_MODE === 'webhook') {
    return {
      ...sender,
      routes: [
        wecomWebhookRoute({
          token: config.WECOM_TOKEN ?? '',
          encodingAesKey: config.WECOM_ENCODING_AES_KEY ?? '',
          ctx,
        }),
      ],
      stop: async () => {
        await Promise.allSettled([...inflight]);
        await relay.close();
      },
    };
  }

  const reconnects = reconnectCounter(deps.metrics.registry);
  const lease = createLease(deps, {
    name: 'wecom',
    connect: async () => {
      const ws = new WSClient({
        botId,
        secret,
        wsUrl: config.WECOM_WS_URL,
        maxReconnectAttempts: -1,
        maxAuthFailureAttempts: -1,
        logger: sdkLogger(logger),
      });
      let authenticated = 0;
      const ready = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, AUTH_WAIT_MS);
        timer.unref();
        ws.on('authenticated', () => {
          if (++authenticated === 1) logger.info('wecom long connection ready');
          else {
            reconnects.inc({ channel: 'wecom' });
            logger.info('wecom long connection reconnected');
          }
          clearTimeout(timer);
          resolve();
        });
      });
      ws.on('reconnecting', (attempt: number) => logger.warn({ attempt }, 'wecom long connection lost; reconnecting'));
      ws.on('error', (err: Error) => logger.warn({ err: err.message }, 'wecom long connection error'));
      ws.on('event.disconnected_event', () =>
        logger.error('wecom: another connection for this bot took over (is a second deployment running?)'),
      );
      ws.on('message', (frame: WsFrame) => later('message', () => processMessage(ctx, frame)));
      ws.on('event', (frame: WsFrame) => {
        const type = eventType((frame.body ?? {}) as Record<string, unknown>);
        if (type === 'template_card_event') later('card press', () => processCardPress(ctx, frame, client));
        else if (type === 'enter_chat') later('welcome', () => processEnterChat(ctx, frame, client));
        else if (type !== 'disconnected_event') deps.metrics.handled.inc({ channel: 'wecom', outcome: 'ignored' });
      });
      client = ws;
      ws.connect();
      await ready;
      relay.serve(() => client);
    },
    disconnect: async () => {
      await relay.stopServing();
      const ws = client;
      client = null;
      ws?.removeAllListeners();
      ws?.disconnect();
    },
  });
  return {
    ...sender,
    start: () => lease.start(),
    stop: async () => {
      await Promise.allSettled([...inflight]);
      await lease.stop();
      await relay.close();
    },
  };
}

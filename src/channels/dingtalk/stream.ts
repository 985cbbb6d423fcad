import axios from 'axios';
import { DWClient, type DWClientDownStream, GATEWAY_URL, TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import type { Logger } from '../../logger.js';
import type { RobotMessage } from './parse.js';

/**
 * The Stream mode long connection through the official `dingtalk-stream` SDK. The SDK hard-codes
 * its gateway (POST https://api.dingtalk.com/v1.0/gateway/connections/open → {endpoint, ticket});
 * its own tests intercept that one request (nock), and so does this file, in-process: an axios
 * request interceptor on the instance the SDK calls sends it to DINGTALK_API_ROOT instead, for
 * this client id only. The interceptor also counts reconnects (every gateway request after the
 * first is one) and refuses the gateway to a client after stop(), so a reconnect timer the SDK
 * left behind cannot open a zombie connection.
 */
const GATEWAY_PATH = new URL(GATEWAY_URL).pathname;

interface Route {
  root: string;
  closed: boolean;
  onGatewayRequest(): void;
}
const routes = new Map<string, Route>();
let installed = false;

function installInterceptor(): void {
  if (installed) return;
  installed = true;
  axios.interceptors.request.use((config) => {
    if (config.url !== GATEWAY_URL) return config;
    const data = config.data as { clientId?: unknown } | undefined;
    const route = typeof data?.clientId === 'string' ? routes.get(data.clientId) : undefined;
    if (!route) return config;
    if (route.closed) throw new Error('dingtalk stream: client stopped');
    route.onGatewayRequest();
    return { ...config, url: `${route.root}${GATEWAY_PATH}` };
  });
}

/** The longest pause between failed connection attempts (1 s, 2 s, 4 s … up to this). */
export const MAX_BACKOFF_MS = 30_000;

/**
 * dingtalk-stream 2.1.5 reconnects twice for every failed handshake (the socket's close handler and
 * connect()'s catch each schedule one), so failures double into a reconnect storm; the fix (2.1.6)
 * is not released. Its timers call `this.connect`, so an own `connect` on the instance is what they
 * reach: it lets one attempt run at a time, waits 1 s, 2 s, 4 s … (≤ 30 s) after failures, and does
 * nothing once the client is closed.
 */
function guardReconnects(client: DWClient, route: Route): void {
  const original = client.connect.bind(client);
  let busy = false;
  let failures = 0;
  client.connect = async () => {
    if (busy || route.closed) return;
    busy = true;
    try {
      if (failures > 0) {
        const ms = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
        await new Promise<void>((r) => setTimeout(r, ms).unref());
        if (route.closed) return;
      }
      await original();
      failures = client.connected ? 0 : failures + 1;
    } finally {
      busy = false;
    }
  };
}

export interface StreamOptions {
  clientId: string;
  clientSecret: string;
  apiRoot: string;
  logger: Logger;
  /** A robot message (after its explicit ack). */
  onMessage(msg: RobotMessage): void;
  /** A long-connection reconnect (metrics). */
  onReconnect(): void;
}

export interface StreamConnection {
  connect(): Promise<void>;
  close(): void;
  connected(): boolean;
}

export function createStreamConnection(opts: StreamOptions): StreamConnection {
  const { logger } = opts;
  installInterceptor();
  let requests = 0;
  const route: Route = {
    root: opts.apiRoot.replace(/\/+$/, ''),
    closed: false,
    onGatewayRequest: () => {
      requests++;
      if (requests > 1) {
        opts.onReconnect();
        logger.warn('dingtalk stream connection lost; reconnecting');
      }
    },
  };
  routes.set(opts.clientId, route);
  // keepAlive: ping every 8 s and drop a silent socket (connections were seen to die after days).
  const client = new DWClient({
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    keepAlive: true,
    ua: 'union-desk',
  });
  guardReconnects(client, route);

  const ack = (frame: DWClientDownStream, what: string) => {
    try {
      client.socketCallBackResponse(frame.headers.messageId, {});
    } catch (err) {
      logger.warn({ err }, `dingtalk stream: ${what} ack failed`);
    }
  };
  // Robot messages: ack at once (else DingTalk pushes them again after ~60 s), then the work.
  client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
    ack(frame, 'robot message');
    let msg: unknown;
    try {
      msg = JSON.parse(frame.data);
    } catch {
      logger.warn('dingtalk stream: robot message is not JSON');
      return;
    }
    if (typeof msg === 'object' && msg !== null) opts.onMessage(msg as RobotMessage);
  });
  // Card callbacks: acked so they are not pushed again; this bot sends no interactive cards.
  client.registerCallbackListener(TOPIC_CARD, (frame: DWClientDownStream) => {
    ack(frame, 'card callback');
    logger.debug('dingtalk stream: card callback ignored (no interactive cards are sent)');
  });

  return {
    async connect() {
      await client.connect();
      if (client.connected) logger.info('dingtalk stream connection ready');
    },
    close() {
      // The route stays, closed: a reconnect timer the SDK left behind gets no gateway.
      route.closed = true;
      client.disconnect();
    },
    connected: () => client.connected,
  };
}

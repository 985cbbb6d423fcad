import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { closeServer, listenLoopback, readRawBody, waitForCalls } from './fake-server.js';

/** One OpenAPI call the bot made. */
export interface DtCall {
  method: 'token' | 'batchSend' | 'groupSend' | 'gateway';
  /** The staff id (batchSend) or openConversationId (groupSend). */
  target: string;
  body: Record<string, unknown>;
  token: string;
  /** When the call arrived (ms). */
  at: number;
  /** The HTTP status it was answered with (0 while held). */
  status?: number;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export const FAKE_TOKEN = 'dt-fake-access-token';

/** An ack frame the client sent back over the Stream connection. */
export interface StreamAck {
  code: number;
  headers: Record<string, string>;
  message?: string;
  data: string;
}

/**
 * A fake DingTalk on loopback (DINGTALK_API_ROOT): POST /v1.0/oauth2/accessToken, the robot's
 * oToMessages/batchSend and groupMessages/send (x-acs-dingtalk-access-token checked), the Stream
 * gateway /v1.0/gateway/connections/open → {endpoint, ticket}, and that endpoint's WebSocket, which
 * pushes CALLBACK frames and records the client's acks.
 */
export interface FakeDingTalk {
  url: string;
  calls: DtCall[];
  sent(): DtCall[];
  failNext(status: number, body: Record<string, unknown>, headers?: Record<string, string>): void;
  /** The next send is answered normally (queued in order with failNext). */
  passNext(): void;
  /** batchSend to this staff id answers 200 with it on flowControlledStaffIdList. */
  flowControl(staffId: string): void;
  /** Hold every send unanswered until the returned release() is called (what the bot does meanwhile shows). */
  hold(): () => void;
  /** Every group send to this conversation fails as DingTalk does when the robot is not in the group. */
  removeBotFrom(openConversationId: string): void;
  waitFor(method: DtCall['method'], n?: number, timeoutMs?: number): Promise<DtCall[]>;
  /** Stream: push a CALLBACK frame on `topic` with this data to every live socket; returns its messageId. */
  push(topic: string, data: unknown, messageId?: string): string;
  acks: Map<string, StreamAck>;
  /** Sockets opened so far, and open now. */
  connections(): number;
  live(): number;
  /** Fail every WebSocket handshake from now on (or again accept them). */
  refuseUpgrades(on: boolean): void;
  /** The Stream side in order: 'gateway' for each endpoint request, 'upgrade' for each handshake tried. */
  streamLog: string[];
  /** Kill every socket (the client should reconnect through the gateway). */
  drop(): void;
  close(): Promise<void>;
}

export async function startFakeDingTalk(): Promise<FakeDingTalk> {
  const calls: DtCall[] = [];
  const failures: (Answer | null)[] = [];
  const gone = new Set<string>();
  const throttled = new Set<string>();
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const acks = new Map<string, StreamAck>();
  let gate: Promise<void> | null = null;
  let refuse = false;
  const streamLog: string[] = [];
  let opened = 0;
  let port = 0;
  let seq = 0;

  function answer(call: DtCall): Answer {
    if (call.method === 'token') {
      const ok = call.body['appKey'] === 'dingfaketestclient01' && call.body['appSecret'] === 'fake-dt-secret';
      return ok
        ? { status: 200, body: { accessToken: FAKE_TOKEN, expireIn: 7200 } }
        : { status: 400, body: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' } };
    }
    if (call.method === 'gateway') {
      const ticket = randomBytes(8).toString('hex');
      tickets.add(ticket);
      return { status: 200, body: { endpoint: `ws://127.0.0.1:${port}/connect`, ticket } };
    }
    if (call.token !== FAKE_TOKEN)
      return { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token' } };
    if (call.method === 'groupSend' && gone.has(call.target))
      return { status: 400, body: { code: 'invalidParameter.robotCode.notExsit', message: '机器人不存在' } };
    const queued = failures.shift();
    if (queued) return queued;
    const key = `pqk-${++seq}`;
    if (call.method === 'batchSend') {
      const limited = throttled.has(call.target);
      return {
        status: 200,
        body: { processQueryKey: key, invalidStaffIdList: [], flowControlledStaffIdList: limited ? [call.target] : [] },
      };
    }
    return { status: 200, body: { processQueryKey: key } };
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const at = Date.now();
      const raw = await readRawBody(req);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const token = String(req.headers['x-acs-dingtalk-access-token'] ?? '');
      let call: DtCall | null = null;
      if (path === '/v1.0/oauth2/accessToken') call = { method: 'token', target: '', body, token, at };
      else if (path === '/v1.0/gateway/connections/open') call = { method: 'gateway', target: '', body, token, at };
      else if (path === '/v1.0/robot/oToMessages/batchSend')
        call = {
          method: 'batchSend',
          target: String((body['userIds'] as unknown[] | undefined)?.[0]),
          body,
          token,
          at,
        };
      else if (path === '/v1.0/robot/groupMessages/send')
        call = { method: 'groupSend', target: String(body['openConversationId']), body, token, at };
      if (!call || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'NotFound', message: 'not found' }));
        return;
      }
      calls.push(call);
      if (call.method === 'gateway') streamLog.push('gateway');
      if (gate && (call.method === 'batchSend' || call.method === 'groupSend')) await gate;
      const a = answer(call);
      call.status = a.status;
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(JSON.stringify(a.body));
    })();
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    streamLog.push('upgrade');
    if (refuse || url.pathname !== '/connect' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      opened++;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as StreamAck;
        const id = frame.headers?.['messageId'];
        if (id) acks.set(id, frame);
      });
    });
  });
  port = await listenLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent: () => calls.filter((c) => c.method === 'batchSend' || c.method === 'groupSend'),
    failNext: (status, body, headers) => failures.push(headers ? { status, body, headers } : { status, body }),
    passNext: () => failures.push(null),
    flowControl: (staffId) => throttled.add(staffId),
    hold() {
      let release = () => {};
      gate = new Promise<void>((r) => {
        release = () => {
          gate = null;
          r();
        };
      });
      return release;
    },
    removeBotFrom: (id) => gone.add(id),
    waitFor: (method, n = 1, timeoutMs = 5000) => waitForCalls(calls, method, n, timeoutMs),
    push(topic, data, messageId = `msg-${randomBytes(6).toString('hex')}`) {
      const frame = {
        specVersion: '1.0',
        type: 'CALLBACK',
        headers: {
          appId: 'fake-app-id',
          connectionId: 'fake-connection',
          contentType: 'application/json',
          messageId,
          time: String(Date.now()),
          topic,
        },
        data: JSON.stringify(data),
      };
      for (const ws of sockets) ws.send(JSON.stringify(frame));
      return messageId;
    },
    acks,
    refuseUpgrades: (on) => {
      refuse = on;
    },
    streamLog,
    connections: () => opened,
    live: () => sockets.size,
    drop() {
      for (const ws of sockets) ws.terminate();
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await closeServer(server);
    },
  };
}

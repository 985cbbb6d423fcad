import { type Server, createServer } from 'node:http';
import { closeServer, listenLoopback, readRawBody, waitForCalls } from './fake-server.js';

/** One message API call: `create` (to a chat) or `reply` (to a message). */
export interface FsCall {
  method: 'create' | 'reply' | 'token' | 'bot_info';
  /** chat_id for create, message_id for reply. */
  target: string;
  body: Record<string, unknown>;
  auth: string;
  /** When the call arrived (ms). */
  at: number;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export const BOT_OPEN_ID = 'ou_bot5e3702a84e847582be8db7fb73283';

/** A fake Feishu OpenAPI on loopback (the SDK's `domain`): token, bot info, message create and reply. */
export interface FakeFeishu {
  url: string;
  calls: FsCall[];
  /** Messages the platform accepted (a repeated `uuid` is accepted once, as Feishu does within 1 h). */
  delivered(): FsCall[];
  sent(method?: FsCall['method']): FsCall[];
  failNext(status: number, body: Record<string, unknown>, headers?: Record<string, string>): void;
  /** Every send to this chat fails with 230002 (the bot is not in the group). */
  removeBotFrom(chatId: string): void;
  waitFor(method: FsCall['method'], n?: number, timeoutMs?: number): Promise<FsCall[]>;
  close(): Promise<void>;
  /** The HTTP server (fake-feishu-ws.ts attaches the long connection's WebSocket end to it). */
  server: Server;
  /** POSTs to /callback/ws/endpoint (the WSClient asks for its socket URL before each connect). */
  endpointCalls(): number;
}

export async function startFakeFeishu(): Promise<FakeFeishu> {
  const calls: FsCall[] = [];
  const delivered: FsCall[] = [];
  const uuids = new Map<string, string>();
  const failures: Answer[] = [];
  const gone = new Set<string>();
  let seq = 0;
  let endpointCalls = 0;
  let port = 0;

  function answer(call: FsCall): Answer {
    if (call.method === 'token')
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: 't-fake', expire: 7200 } };
    if (call.method === 'bot_info')
      return { status: 200, body: { code: 0, msg: 'ok', bot: { open_id: BOT_OPEN_ID, app_name: '工会助手' } } };
    if (!call.auth.startsWith('Bearer t-fake'))
      return { status: 401, body: { code: 99991663, msg: 'Invalid access token' } };
    if (call.method === 'create' && gone.has(call.target)) {
      return { status: 400, body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' } };
    }
    const queued = failures.shift();
    if (queued) return queued;
    const uuid = typeof call.body['uuid'] === 'string' ? call.body['uuid'] : undefined;
    const known = uuid ? uuids.get(uuid) : undefined;
    const id = known ?? `om_fake${++seq}`;
    if (!known) {
      delivered.push(call);
      if (uuid) uuids.set(uuid, id);
    }
    return { status: 200, body: { code: 0, msg: 'success', data: { message_id: id, chat_id: call.target } } };
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const at = Date.now();
      const raw = await readRawBody(req);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const url = new URL(req.url ?? '/', 'http://x');
      const auth = String(req.headers.authorization ?? '');
      if (url.pathname === '/callback/ws/endpoint') {
        endpointCalls++;
        const ok = body['AppID'] !== undefined && body['AppSecret'] !== undefined;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? {
                  code: 0,
                  data: {
                    URL: `ws://127.0.0.1:${port}/ws?device_id=fake-device&service_id=7`,
                    ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
                  },
                }
              : { code: 1000040343, msg: 'invalid app' },
          ),
        );
        return;
      }
      let call: FsCall | null = null;
      if (url.pathname === '/open-apis/auth/v3/tenant_access_token/internal')
        call = { method: 'token', target: '', body, auth, at };
      else if (url.pathname === '/open-apis/bot/v3/info') call = { method: 'bot_info', target: '', body, auth, at };
      else if (url.pathname === '/open-apis/im/v1/messages' && req.method === 'POST')
        call = { method: 'create', target: String(body['receive_id'] ?? ''), body, auth, at };
      else {
        const m = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(url.pathname);
        if (m) call = { method: 'reply', target: m[1]!, body, auth, at };
      }
      if (!call) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 404, msg: 'not found' }));
        return;
      }
      calls.push(call);
      const a = answer(call);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(JSON.stringify(a.body));
    })();
  });
  port = await listenLoopback(server);
  const sent = (method?: FsCall['method']) =>
    method
      ? calls.filter((c) => c.method === method)
      : calls.filter((c) => c.method === 'create' || c.method === 'reply');
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    delivered: () => delivered,
    sent,
    failNext: (status, body, headers) => failures.push(headers ? { status, body, headers } : { status, body }),
    removeBotFrom: (chatId) => gone.add(chatId),
    waitFor: (method, n = 1, timeoutMs = 5000) => waitForCalls(calls, method, n, timeoutMs),
    close: () => closeServer(server),
    server,
    endpointCalls: () => endpointCalls,
  };
}

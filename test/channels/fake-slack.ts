import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { closeServer, listenLoopback, readRawBody, waitForCalls } from './fake-server.js';
import { type FakeSocket, attachFakeSocket } from './fake-socket.js';

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
}

/** A fake Slack Web API on loopback (slackApiUrl = `${url}/api/`), plus response_url endpoints under /respond/. */
export interface FakeSlack {
  url: string;
  apiUrl: string;
  calls: SlackCall[];
  /** Socket Mode: apps.connections.open hands out this WebSocket. */
  socket: FakeSocket;
  sent(method: string): SlackCall[];
  failNext(
    method: string,
    answer: { status?: number; headers?: Record<string, string>; body: Record<string, unknown> },
  ): void;
  waitFor(method: string, n?: number, timeoutMs?: number): Promise<SlackCall[]>;
  /** Forget what was posted (as if the messages never reached Slack). */
  forgetPosts(): void;
  /** Hold the next answer to `method` for `ms` (a slow Slack). */
  slowNext(method: string, ms: number): void;
  close(): Promise<void>;
}

export const BOT_USER = 'U07UDBOT01';

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readRawBody(req);
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The SDK sends nested arguments (blocks, view) as JSON strings in the form.
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const failures = new Map<
    string,
    { status?: number; headers?: Record<string, string>; body: Record<string, unknown> }[]
  >();
  let seq = 0;
  /** What the bot posted, per channel (conversations.history reads it back). */
  const posted = new Map<string, Record<string, unknown>[]>();
  const slow = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = req.url ?? '';
      const method = path.startsWith('/api/') ? path.slice(5) : path.startsWith('/respond/') ? 'response_url' : path;
      calls.push({ method, body });
      const hold = slow.get(method);
      if (hold) {
        slow.delete(method);
        await new Promise((r) => setTimeout(r, hold));
      }
      const fail = failures.get(method)?.shift();
      if (fail) {
        res.writeHead(fail.status ?? 200, { 'content-type': 'application/json', ...(fail.headers ?? {}) });
        res.end(JSON.stringify(fail.body));
        return;
      }
      let result: Record<string, unknown> = { ok: true };
      if (method === 'auth.test')
        result = {
          ok: true,
          url: 'https://xsgh.slack.com/',
          team: '锡山工会',
          user: 'uniondesk',
          team_id: 'T07XSGH01',
          user_id: BOT_USER,
          bot_id: 'B07UDBOT01',
        };
      if (method === 'chat.postMessage') {
        const ts = `1763952${String(++seq).padStart(3, '0')}.000100`;
        const message: Record<string, unknown> = { type: 'message', text: body['text'], ts, user: BOT_USER };
        if (body['thread_ts']) message['thread_ts'] = body['thread_ts'];
        if (body['metadata']) message['metadata'] = body['metadata'];
        const list = posted.get(String(body['channel'])) ?? [];
        list.push(message);
        posted.set(String(body['channel']), list);
        result = { ok: true, channel: body['channel'], ts, message };
      }
      if (method === 'conversations.history' || method === 'conversations.replies') {
        // Newest first, like Slack; metadata only when asked for (include_all_metadata).
        const withMeta = String(body['include_all_metadata']) === 'true';
        const inThread = (m: Record<string, unknown>) =>
          method === 'conversations.history' ? !m['thread_ts'] : m['thread_ts'] === body['ts'] || m['ts'] === body['ts'];
        const messages = (posted.get(String(body['channel'])) ?? [])
          .filter(inThread)
          .map(({ metadata, ...m }) => (withMeta && metadata ? { ...m, metadata } : m))
          .reverse()
          .slice(0, Number(body['limit'] ?? 100));
        result = { ok: true, messages, has_more: false };
      }
      if (method === 'apps.connections.open') result = { ok: true, url: `ws://127.0.0.1:${port}/socket` };
      if (method === 'views.open' || method === 'views.publish' || method === 'views.update')
        result = { ok: true, view: { id: `V${++seq}` } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    })();
  });
  const socket = attachFakeSocket(server);
  const port = await listenLoopback(server);
  const url = `http://127.0.0.1:${port}`;
  const sent = (method: string) => calls.filter((c) => c.method === method);
  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    socket,
    sent,
    slowNext: (method, ms) => slow.set(method, ms),
    forgetPosts: () => posted.clear(),
    failNext(method, answer) {
      const l = failures.get(method) ?? [];
      l.push(answer);
      failures.set(method, l);
    },
    waitFor: (method, n = 1, timeoutMs = 5000) => waitForCalls(calls, method, n, timeoutMs),
    close: () => {
      socket.close();
      return closeServer(server);
    },
  };
}

/** Sign a request body the way Slack does (v0 HMAC-SHA256 of `v0:timestamp:body`). */
export function signSlack(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': sig, 'x-slack-request-timestamp': String(timestamp) };
}

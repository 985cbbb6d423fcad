import { type IncomingMessage, type Server, createServer } from 'node:http';
import { closeServer, listenLoopback, readRawBody, waitForCalls } from './fake-server.js';

export interface TgCall {
  method: string;
  body: Record<string, unknown>;
}

type Answer = { status: number; body: unknown };

/** A fake Telegram Bot API on loopback: records every call, answers like the real one, queues updates for getUpdates. */
export interface FakeTelegram {
  url: string;
  token: string;
  calls: TgCall[];
  /** Calls of one method. */
  sent(method?: string): TgCall[];
  /** Queue an update for the next getUpdates. */
  queueUpdate(update: Record<string, unknown>): void;
  /** getUpdates requests so far (the bot asks again only after handling the last batch). */
  polls(): number;
  /** Make the next call of `method` fail with this Bot API error. */
  failNext(method: string, status: number, body: Record<string, unknown>): void;
  /** From now on every sendMessage to this chat fails with 403 (the bot was kicked / blocked). */
  kickFrom(chatId: string): void;
  /** Wait until `n` calls of `method` have arrived. */
  waitFor(method: string, n?: number, timeoutMs?: number): Promise<TgCall[]>;
  close(): Promise<void>;
}

export const BOT = { id: 7000001, is_bot: true, first_name: '工会助手', username: 'union_desk_bot' };

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readRawBody(req);
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

export async function startFakeTelegram(token = '123456:TEST-token'): Promise<FakeTelegram> {
  const calls: TgCall[] = [];
  const updates: Record<string, unknown>[] = [];
  const failures = new Map<string, Answer[]>();
  const kicked = new Set<string>();
  let messageId = 1000;

  function answer(method: string, body: Record<string, unknown>): Answer {
    if (method === 'sendMessage' && kicked.has(String(body['chat_id']))) {
      return {
        status: 403,
        body: { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' },
      };
    }
    const queued = failures.get(method)?.shift();
    if (queued) return queued;
    switch (method) {
      case 'getMe':
        return { status: 200, body: { ok: true, result: BOT } };
      case 'sendMessage':
        return {
          status: 200,
          body: {
            ok: true,
            result: {
              message_id: ++messageId,
              date: 1,
              chat: { id: Number(body['chat_id']), type: 'private' },
              text: body['text'],
            },
          },
        };
      default:
        return { status: 200, body: { ok: true, result: true } };
    }
  }

  let polls = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      const body = await readBody(req);
      if (!m || m[1] !== token) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
        return;
      }
      const method = m[2]!;
      if (method === 'getUpdates') {
        polls++;
        const offset = Number(body['offset'] ?? 0);
        // Long poll briefly when there is nothing to hand out.
        if (updates.length === 0) await new Promise((r) => setTimeout(r, 150));
        const batch = updates.splice(0).filter((u) => Number(u['update_id']) >= offset);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: batch }));
        return;
      }
      calls.push({ method, body });
      const a = answer(method, body);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    })();
  });
  const port = await listenLoopback(server);

  const sent = (method?: string) => (method ? calls.filter((c) => c.method === method) : calls);
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    calls,
    sent,
    queueUpdate: (u) => updates.push(u),
    polls: () => polls,
    kickFrom: (chatId) => kicked.add(chatId),
    failNext(method, status, body) {
      const list = failures.get(method) ?? [];
      list.push({ status, body });
      failures.set(method, list);
    },
    waitFor: (method, n = 1, timeoutMs = 5000) => waitForCalls(calls, method, n, timeoutMs),
    close: () => closeServer(server),
  };
}

import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import path from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import { closeServer, listenLoopback, readRawBody } from './fake-server.js';

/**
 * The WeCom 智能机器人 long connection on loopback, as the SDK speaks it: JSON frames `{cmd,
 * headers: {req_id}, body}`. `aibot_subscribe` is answered `{headers: {req_id}, errcode: 0}` when the
 * bot id and secret match; `ping` the same; every reply or push (`aibot_respond_msg`,
 * `aibot_respond_update_msg`, `aibot_send_msg`) is recorded and acked with errcode 0 — or with the
 * errcode queued by failNext, or 93008 for a chat the bot was removed from. A newer authenticated
 * connection kicks the older one with `disconnected_event`, as WeCom does.
 */
type Rec = Record<string, unknown>;

export interface WecomCall {
  cmd: string;
  reqId: string;
  body: Rec;
  at: number;
  errcode: number;
}

export interface FakeWecom {
  url: string;
  /** Subscribe bodies received ({bot_id, secret}). */
  subscribes: Rec[];
  connections(): number;
  /** Authenticated live sockets. */
  live(): number;
  pings(): number;
  calls: WecomCall[];
  /** Calls of one command that were accepted (errcode 0). */
  accepted(cmd: string): WecomCall[];
  /** Push a callback to the live connection; returns its req_id. */
  push(body: Rec, cmd?: 'aibot_msg_callback' | 'aibot_event_callback'): string;
  failNext(errcode: number, errmsg: string, cmd?: string): void;
  removeBotFrom(chatid: string): void;
  /** Record the next call of `cmd` but never answer it (the SDK times out after 5 s). */
  silenceNext(cmd: string): void;
  /** Cut every socket (the SDK reconnects). */
  drop(): void;
  close(): Promise<void>;
}

export const BOT_ID = 'aibtest0001';
export const BOT_SECRET = 'fake-bot-secret';

export async function startFakeWecom(): Promise<FakeWecom> {
  const http = createServer((_q, r) => r.writeHead(404).end());
  const wss = new WebSocketServer({ server: http });
  const port = await listenLoopback(http);
  const authed: WebSocket[] = [];
  const subscribes: Rec[] = [];
  const calls: WecomCall[] = [];
  const failures: { errcode: number; errmsg: string; cmd?: string }[] = [];
  const removed = new Set<string>();
  const silent: string[] = [];
  let opened = 0;
  let pings = 0;
  let seq = 0;

  const answer = (ws: WebSocket, reqId: string, errcode: number, errmsg = errcode === 0 ? 'ok' : 'error') =>
    ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }));

  wss.on('connection', (ws) => {
    opened++;
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { cmd?: string; headers?: { req_id?: string }; body?: Rec };
      const reqId = f.headers?.req_id ?? '';
      const body = f.body ?? {};
      if (f.cmd === 'aibot_subscribe') {
        subscribes.push(body);
        if (body['bot_id'] !== BOT_ID || body['secret'] !== BOT_SECRET) return answer(ws, reqId, 40001, 'invalid secret');
        for (const old of authed.splice(0)) {
          old.send(
            JSON.stringify({
              cmd: 'aibot_event_callback',
              headers: { req_id: `kick_${++seq}` },
              body: { msgid: `kick_${seq}`, msgtype: 'event', event: { eventtype: 'disconnected_event' } },
            }),
          );
          old.close();
        }
        authed.push(ws);
        return answer(ws, reqId, 0);
      }
      if (f.cmd === 'ping') {
        pings++;
        return answer(ws, reqId, 0);
      }
      const cmd = f.cmd ?? '';
      let errcode = 0;
      let errmsg = 'ok';
      const i = failures.findIndex((x) => !x.cmd || x.cmd === cmd);
      if (i >= 0) ({ errcode, errmsg } = failures.splice(i, 1)[0]!);
      else if (cmd === 'aibot_send_msg' && removed.has(String(body['chatid']))) {
        errcode = 93008;
        errmsg = 'not in the chat';
      }
      calls.push({ cmd, reqId, body, at: Date.now(), errcode });
      const quiet = silent.indexOf(cmd);
      if (quiet >= 0) return void silent.splice(quiet, 1);
      answer(ws, reqId, errcode, errmsg);
    });
    ws.on('close', () => {
      const i = authed.indexOf(ws);
      if (i >= 0) authed.splice(i, 1);
    });
  });

  return {
    url: `ws://127.0.0.1:${port}`,
    subscribes,
    connections: () => opened,
    live: () => authed.filter((w) => w.readyState === w.OPEN).length,
    pings: () => pings,
    calls,
    accepted: (cmd) => calls.filter((c) => c.cmd === cmd && c.errcode === 0),
    push(body, cmd = 'aibot_msg_callback') {
      const reqId = `cb_${++seq}_${Date.now()}`;
      const ws = authed.at(-1);
      if (!ws) throw new Error('no authenticated connection');
      ws.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
      return reqId;
    },
    failNext: (errcode, errmsg, cmd) => void failures.push(cmd ? { errcode, errmsg, cmd } : { errcode, errmsg }),
    removeBotFrom: (chatid) => void removed.add(chatid),
    silenceNext: (cmd) => void silent.push(cmd),
    drop() {
      for (const c of wss.clients) c.terminate();
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await closeServer(http);
    },
  };
}

/** A response_url endpoint (webhook mode): records each POSTed message. */
export async function startFakeResponseUrl(): Promise<{ url: string; posts: { path: string; body: Rec }[]; close(): Promise<void> }> {
  const posts: { path: string; body: Rec }[] = [];
  const server: Server = createServer(async (req, res) => {
    posts.push({ path: req.url ?? '', body: JSON.parse((await readRawBody(req)) || '{}') as Rec });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
  });
  const port = await listenLoopback(server);
  return { url: `http://127.0.0.1:${port}`, posts, close: () => closeServer(server) };
}

const root = path.resolve(import.meta.dirname, '../fixtures/wecom');
let n = Math.floor(Math.random() * 1e6) * 1000;

/** A recorded payload from test/fixtures/wecom/<name>.json with a fresh msgid, and top-level overrides. */
export function wecomFixture(name: string, patch: Rec = {}): Rec {
  const raw = JSON.parse(readFileSync(path.join(root, `${name}.json`), 'utf8')) as Rec;
  return { ...raw, msgid: `${String(raw['msgid'])}#${++n}`, ...patch };
}

/** Wait until cond() holds (polling a fake's records). */
export async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** A tiny WebSocket server (RFC 6455 text, ping and close frames) playing Slack's Socket Mode end. */
export interface FakeSocket {
  /** Resolves once a client has connected and been greeted with `hello`. */
  connected(): Promise<void>;
  send(msg: Record<string, unknown>): void;
  /** Messages the client sent (acks: `{envelope_id}`). */
  received: Record<string, unknown>[];
  close(): void;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

export function attachFakeSocket(server: Server, path = '/socket'): FakeSocket {
  const received: Record<string, unknown>[] = [];
  const sockets = new Set<Duplex>();
  let onConnect: () => void = () => {};
  let connected = new Promise<void>((r) => {
    onConnect = r;
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    if (!(req.url ?? '').startsWith(path)) {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 2) return;
        const opcode = buf[0]! & 0x0f;
        let len = buf[1]! & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        const masked = (buf[1]! & 0x80) !== 0;
        const need = off + (masked ? 4 : 0) + len;
        if (buf.length < need) return;
        const mask = masked ? buf.subarray(off, off + 4) : null;
        const data = Buffer.from(buf.subarray(off + (masked ? 4 : 0), need));
        if (mask) for (let i = 0; i < data.length; i++) data[i]! ^= mask[i % 4]!;
        buf = buf.subarray(need);
        if (opcode === 0x1) received.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
        else if (opcode === 0x9) socket.write(frame(0xa, data));
        else if (opcode === 0x8) {
          socket.end(frame(0x8, data));
          sockets.delete(socket);
        }
      }
    });
    socket.on('error', () => sockets.delete(socket));
    socket.write(
      frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' } }))),
    );
    onConnect();
  });

  return {
    connected: () => connected,
    send(msg) {
      for (const s of sockets) s.write(frame(0x1, Buffer.from(JSON.stringify(msg))));
    },
    received,
    close() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      connected = new Promise<void>((r) => {
        onConnect = r;
      });
    },
  };
}

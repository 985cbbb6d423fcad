import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The WebSocket end of Feishu's long connection: binary frames carrying the `pbbp2.Frame` protobuf
 * the SDK speaks (SeqID 1, LogID 2, service 3, method 4: 0 control / 1 data, headers 5 {key 1,
 * value 2}, payload 8). An event is a data frame with headers type=event, message_id, sum, seq;
 * the client acks with the same frame, payload `{"code":200,"data":base64(handler result)}`.
 */
export interface PbFrame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Buffer;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
}
const field = (no: number, wire: number) => varint((no << 3) | wire);
const bytes = (no: number, b: Buffer) => Buffer.concat([field(no, 2), varint(b.length), b]);

export function encodeFrame(f: PbFrame): Buffer {
  const parts = [
    field(1, 0),
    varint(f.SeqID),
    field(2, 0),
    varint(f.LogID),
    field(3, 0),
    varint(f.service),
    field(4, 0),
    varint(f.method),
  ];
  for (const h of f.headers)
    parts.push(bytes(5, Buffer.concat([bytes(1, Buffer.from(h.key)), bytes(2, Buffer.from(h.value))])));
  if (f.payload) parts.push(bytes(8, f.payload));
  return Buffer.concat(parts);
}

function readVarint(b: Buffer, at: number): [number, number] {
  let v = 0n;
  let shift = 0n;
  let i = at;
  for (;;) {
    const byte = b[i++]!;
    v |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [Number(v), i];
    shift += 7n;
  }
}

function fields(b: Buffer): { no: number; value: number | Buffer }[] {
  const out: { no: number; value: number | Buffer }[] = [];
  let i = 0;
  while (i < b.length) {
    const [tag, a] = readVarint(b, i);
    const no = tag >> 3;
    if ((tag & 7) === 0) {
      const [v, c] = readVarint(b, a);
      out.push({ no, value: v });
      i = c;
    } else {
      const [len, c] = readVarint(b, a);
      out.push({ no, value: b.subarray(c, c + len) });
      i = c + len;
    }
  }
  return out;
}

export function decodeFrame(b: Buffer): PbFrame {
  const f: PbFrame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  for (const { no, value } of fields(b)) {
    if (no === 1) f.SeqID = value as number;
    else if (no === 2) f.LogID = value as number;
    else if (no === 3) f.service = value as number;
    else if (no === 4) f.method = value as number;
    else if (no === 5) {
      const h = fields(value as Buffer);
      f.headers.push({
        key: String((h.find((x) => x.no === 1)?.value as Buffer | undefined) ?? ''),
        value: String((h.find((x) => x.no === 2)?.value as Buffer | undefined) ?? ''),
      });
    } else if (no === 8) f.payload = Buffer.from(value as Buffer);
  }
  return f;
}

function wsFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  let head: Buffer;
  if (len < 126) head = Buffer.from([0x80 | opcode, len]);
  else if (len < 65536) {
    head = Buffer.from([0x80 | opcode, 126, 0, 0]);
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

export interface FakeFeishuWs {
  /** Connections opened so far. */
  connections(): number;
  /** Live sockets. */
  live(): number;
  /** Pings received: the client sends its first right after opening, so one means it is listening. */
  pings(): number;
  /** Push an event (the v2 envelope) to every live socket as one data frame. */
  push(event: Record<string, unknown>): string;
  /** Data frames the client sent back (acks), by the message_id header. */
  acks: Map<string, { code: number; data?: unknown }>;
  /** Cut every live socket (the client reconnects). */
  drop(): void;
}

export function attachFakeFeishuWs(server: Server): FakeFeishuWs {
  const sockets = new Set<Duplex>();
  const acks = new Map<string, { code: number; data?: unknown }>();
  let opened = 0;
  let pings = 0;
  let seq = 0;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    if (!(req.url ?? '').startsWith('/ws?')) {
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
    opened++;
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
        if (opcode === 0x2) {
          const f = decodeFrame(data);
          const type = f.headers.find((h) => h.key === 'type')?.value;
          if (f.method === 1) {
            const id = f.headers.find((h) => h.key === 'message_id')?.value ?? '';
            const body = JSON.parse(f.payload?.toString('utf8') ?? '{}') as { code: number; data?: string };
            acks.set(id, {
              code: body.code,
              ...(body.data ? { data: JSON.parse(Buffer.from(body.data, 'base64').toString('utf8')) } : {}),
            });
          } else if (type === 'ping') {
            pings++;
            socket.write(wsFrame(0x2, encodeFrame({ ...f, headers: [{ key: 'type', value: 'pong' }] })));
          }
        } else if (opcode === 0x9) socket.write(wsFrame(0xa, data));
        else if (opcode === 0x8) {
          socket.end(wsFrame(0x8, data));
          sockets.delete(socket);
        }
      }
    });
    const gone = () => sockets.delete(socket);
    socket.on('error', gone);
    socket.on('close', gone);
  });

  return {
    connections: () => opened,
    live: () => sockets.size,
    pings: () => pings,
    push(event) {
      const id = `msg_${++seq}_${Date.now()}`;
      const frame = encodeFrame({
        SeqID: seq,
        LogID: seq,
        service: 7,
        method: 1,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: id },
          { key: 'sum', value: '1' },
          { key: 'seq', value: '0' },
          { key: 'trace_id', value: `trace_${seq}` },
        ],
        payload: Buffer.from(JSON.stringify(event)),
      });
      for (const s of sockets) s.write(wsFrame(0x2, frame));
      return id;
    },
    acks,
    drop() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
  };
}

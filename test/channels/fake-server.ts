import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake platform APIs (fake-slack.ts, fake-telegram.ts) share: body reading, listening, waiting, closing. */

/** The whole request body as UTF-8 text. */
export async function readRawBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Listen on a free loopback port and return the port. */
export async function listenLoopback(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** Wait until `n` calls of `method` have been recorded; the error lists every call seen so far. */
export async function waitForCalls<C extends { method: string }>(
  calls: C[],
  method: string,
  n: number,
  timeoutMs: number,
): Promise<C[]> {
  const sent = () => calls.filter((c) => c.method === method);
  const until = Date.now() + timeoutMs;
  while (sent().length < n) {
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${n} × ${method}; got ${JSON.stringify(calls.map((c) => c.method))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return sent();
}

/** Drop open connections and stop listening. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
}

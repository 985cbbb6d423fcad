/**
 * The fake Bot API (test/jobs/fixtures/fake-bot-api.ts) in its own worker thread, for the broadcast
 * bench: receive times are stamped by an event loop that is not the workers' own, as the real
 * Telegram's are. A busy bench loop must not batch the stamps of messages that arrived spread out
 * (which would make a paced run look bursty), nor slow the API down.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startFakeBotApi } from '../test/jobs/fixtures/fake-bot-api.js';

export interface ThreadedBotApi {
  url: string;
  /** Receive stamps, copied from the thread every few ms. */
  deliveries: { chatId: string; at: number }[];
  waitDelivered(n: number, timeoutMs?: number): Promise<void>;
  /** sendMessage calls answered, by chat. */
  calls(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

type FromThread =
  | { type: 'url'; url: string }
  | { type: 'd'; d: { chatId: string; at: number }[] }
  | { type: 'calls'; calls: [string, number][] };

export async function startThreadedBotApi(): Promise<ThreadedBotApi> {
  const worker = new Worker(new URL('./tsx-thread.mjs', import.meta.url), {
    workerData: { entry: import.meta.url, fakeApi: true },
  });
  const deliveries: { chatId: string; at: number }[] = [];
  let onCalls: ((c: Map<string, number>) => void) | null = null;
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: FromThread) => {
      if (m.type === 'url') resolve(m.url);
      else if (m.type === 'd') deliveries.push(...m.d);
      else onCalls?.(new Map(m.calls));
    });
  });
  return {
    url,
    deliveries,
    async waitDelivered(n, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (deliveries.length < n) {
        if (Date.now() > until) throw new Error(`only ${deliveries.length}/${n} delivered`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    calls() {
      return new Promise((resolve) => {
        onCalls = resolve;
        worker.postMessage('calls');
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

if (!isMainThread && (workerData as { fakeApi?: boolean } | null)?.fakeApi && parentPort) {
  const port = parentPort;
  const api = await startFakeBotApi();
  let copied = 0;
  const flush = () => {
    if (api.deliveries.length <= copied) return;
    port.postMessage({ type: 'd', d: api.deliveries.slice(copied).map((x) => ({ chatId: x.chatId, at: x.at })) });
    copied = api.deliveries.length;
  };
  setInterval(flush, 5);
  port.on('message', (m) => {
    if (m === 'calls') {
      flush();
      port.postMessage({ type: 'calls', calls: [...api.calls] });
    }
  });
  port.postMessage({ type: 'url', url: api.url });
}

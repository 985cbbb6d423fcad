import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createQueues } from '../../src/queue/queues.js';
import { createKeys } from '../../src/store/keys.js';

async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('queue producer', () => {
  it('fails fast when Redis is down instead of buffering jobs in memory', async () => {
    const port = await deadPort();
    const queues = await createQueues({
      redisTarget: { options: { host: '127.0.0.1', port }, stop: async () => {}, embedded: false },
      keys: createKeys('test:producer:'),
      logger: createLogger('silent'),
    });
    const started = Date.now();
    await expect(queues.control.add('broadcast', { broadcastId: 'x' }, { jobId: 'bc|x' })).rejects.toThrow(
      /unavailable/,
    );
    await expect(queues.deliver('telegram').addBulk([{ name: 'x', data: {} }])).rejects.toThrow(/unavailable/);
    expect(Date.now() - started).toBeLessThan(500);
    await queues.close();
  });
});

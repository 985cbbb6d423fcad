import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createQueues } from '../../src/outbound/queues.js';
import { freePort } from '../../src/store/embedded.js';
import { createKeys } from '../../src/store/keys.js';

describe('queue producer', () => {
  it('fails fast when Redis is down instead of buffering jobs in memory', async () => {
    const port = await freePort(); // nothing listens there
    const queues = await createQueues({
      redisTarget: { options: { host: '127.0.0.1', port }, stop: async () => {}, embedded: false },
      keys: createKeys('test:producer:'),
      logger: createLogger('silent'),
    });
    // Refused, not buffered (how fast: `npm run bench -- latency`).
    await expect(queues.control.add('broadcast', { broadcastId: 'x' }, { jobId: 'bc|x' })).rejects.toThrow(
      /unavailable/,
    );
    await expect(queues.deliver('telegram').addBulk([{ name: 'x', data: {} }])).rejects.toThrow(/unavailable/);
    await queues.close();
  });
});

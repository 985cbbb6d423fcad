import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebChannel } from '../../src/channels/web/channel.js';
import type { Channel } from '../../src/core/channel.js';
import { createDeps, type Deps } from '../../src/core/deps.js';
import { deleteByPrefix } from '../../src/store/redis.js';
import { testConfig, testTarget } from '../helpers/app.js';

/** The web channel's send with a delivery id: the outbox entry and the ledger's `sent` are one step. */
let deps: Deps;
let web: Channel;

beforeAll(() => {
  deps = createDeps({ config: testConfig(), redisTarget: testTarget(), llm: false });
  web = createWebChannel(deps, { router: null, gone: async () => {} });
});

afterAll(async () => {
  await deleteByPrefix(deps.redis, deps.config.REDIS_PREFIX);
  deps.redis.disconnect();
});

const outbox = async (chatId: string) =>
  (await deps.redis.lrange(deps.keys.outbox(chatId), 0, -1)).map((s) => JSON.parse(s) as { id: number; text: string });
const to = (chatId: string) => ({ channel: 'web' as const, chatId });

describe('web channel send with a delivery id', () => {
  it('appends and marks the ledger sent in one step; the same delivery again appends nothing', async () => {
    await web.send(to('w1'), [{ text: '通知 A' }], { deliveryId: 'bc:x:web:w1' });
    expect(await deps.redis.get(deps.keys.delivery('bc:x:web:w1'))).toBe('sent');
    // A worker killed after the write re-runs the delivery: nothing is appended the second time.
    await web.send(to('w1'), [{ text: '通知 A' }], { deliveryId: 'bc:x:web:w1' });
    expect((await outbox('w1')).map((m) => m.text)).toEqual(['通知 A']);
  });

  it('a delivery whose ledger is already sent appends nothing; one still sending is written', async () => {
    await deps.redis.set(deps.keys.delivery('d-sent'), 'sent');
    await web.send(to('w2'), [{ text: 'old' }], { deliveryId: 'd-sent' });
    expect(await outbox('w2')).toEqual([]);
    await deps.redis.set(deps.keys.delivery('d-sending'), 'sending:job#0');
    await web.send(to('w2'), [{ text: 'new' }, { text: 'second', choices: [{ label: '好', value: 'ok' }] }], {
      deliveryId: 'd-sending',
    });
    const msgs = await outbox('w2');
    expect(msgs.map((m) => m.text)).toEqual(['new', 'second']);
    expect(msgs[1]).toMatchObject({ choices: [{ label: '好', value: 'ok' }] });
    expect(msgs[1]!.id).toBe(msgs[0]!.id + 1);
    expect(await deps.redis.get(deps.keys.delivery('d-sending'))).toBe('sent');
  });

  it('replies (no delivery id) always append and touch no ledger', async () => {
    await web.send(to('w3'), [{ text: 'a' }]);
    await web.send(to('w3'), [{ text: 'a' }]);
    expect((await outbox('w3')).map((m) => m.text)).toEqual(['a', 'a']);
  });
});

import type { Redis } from 'ioredis';
import type { Channel, ChannelIo } from '../../core/channel.js';
import type { Deps } from '../../core/deps.js';
import type { Choice, ConversationRef, Reply } from '../../core/types.js';
import type { Keys } from '../../store/keys.js';
import { registerChatRoutes } from './chat.js';

export interface OutboxMessage {
  id: number;
  text: string;
  choices?: Choice[];
  at: string;
}

const KEEP = 500;
const TTL_S = 30 * 24 * 3600;

/** The web chat's outbox: messages the bot sends on its own, read back by GET /api/chat/updates. */
export function createOutbox(redis: Redis, keys: Keys) {
  return {
    async push(chatId: string, replies: Reply[], at: Date): Promise<number[]> {
      const ids: number[] = [];
      for (const r of replies) {
        const id = await redis.incr(keys.outboxSeq());
        const msg: OutboxMessage = { id, text: r.text, at: at.toISOString() };
        if (r.choices?.length) msg.choices = r.choices;
        await redis
          .multi()
          .rpush(keys.outbox(chatId), JSON.stringify(msg))
          .ltrim(keys.outbox(chatId), -KEEP, -1)
          .expire(keys.outbox(chatId), TTL_S)
          .exec();
        ids.push(id);
      }
      return ids;
    },
    async after(chatId: string, after: number): Promise<OutboxMessage[]> {
      const raw = await redis.lrange(keys.outbox(chatId), 0, -1);
      return raw.map((s) => JSON.parse(s) as OutboxMessage).filter((m) => m.id > after);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

/**
 * The local web chat as a channel: it receives on `GET /`, `POST /api/chat` (the answer is the HTTP
 * response) and `GET /api/chat/updates` (chat.ts); what the bot sends on its own goes to the outbox.
 */
export function createWebChannel(deps: Deps, io: ChannelIo): Channel {
  const outbox = createOutbox(deps.redis, deps.keys);
  const { router } = io;
  return {
    name: 'web',
    async send(to: ConversationRef, replies: Reply[]) {
      await outbox.push(to.chatId, replies, deps.clock.now());
    },
    routes: router ? [(app) => registerChatRoutes(app, deps, router, outbox)] : [],
  };
}

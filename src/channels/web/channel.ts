import type { Redis } from 'ioredis';
import type { Channel, ChannelIo, SendMeta } from '../../core/channel.js';
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
/** As long as the delivery ledger keeps a value (outbound/limits.ts LEDGER_TTL_MS). */
const LEDGER_TTL_MS = 45 * 24 * 3600 * 1000;

/**
 * Append messages to one outbox, and — for a delivery — mark its ledger `sent` in the same script:
 * the outbox entry and the ledger mark happen together or not at all, so a delivery re-run after a
 * crash (its ledger `sent`) appends nothing. Each message is JSON without its id; the id comes
 * from the outbox sequence here. KEYS: outbox, outbox seq, [ledger]. ARGV: keep, ttl s, ledger ttl
 * ms, message JSON… Returns the new ids, or {} when the ledger already said `sent`.
 * One slot: the three keys share REDIS_PREFIX's hash tag in a Cluster (src/store/README.md).
 */
const PUSH = `
if #KEYS > 2 then
  local v = redis.call('GET', KEYS[3])
  if v and string.sub(v, 1, 4) == 'sent' then return {} end
end
local ids = {}
for i = 4, #ARGV do
  local id = redis.call('INCR', KEYS[2])
  redis.call('RPUSH', KEYS[1], '{"id":' .. id .. ',' .. string.sub(ARGV[i], 2))
  ids[#ids + 1] = id
end
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[1]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[2])
if #KEYS > 2 then redis.call('SET', KEYS[3], 'sent', 'PX', ARGV[3]) end
return ids
`;

/** The web chat's outbox: messages the bot sends on its own, read back by GET /api/chat/updates. */
export function createOutbox(redis: Redis, keys: Keys) {
  return {
    /** Append replies; with a delivery id, only if that delivery is not `sent` yet (and mark it sent). */
    async push(chatId: string, replies: Reply[], at: Date, deliveryId?: string): Promise<number[]> {
      if (replies.length === 0) return [];
      const msgs = replies.map((r) => {
        const msg: Omit<OutboxMessage, 'id'> = { text: r.text, at: at.toISOString() };
        if (r.choices?.length) msg.choices = r.choices;
        return JSON.stringify(msg);
      });
      const ks = [keys.outbox(chatId), keys.outboxSeq(), ...(deliveryId ? [keys.delivery(deliveryId)] : [])];
      const ids = (await redis.eval(PUSH, ks.length, ...ks, String(KEEP), String(TTL_S), String(LEDGER_TTL_MS), ...msgs)) as
        | number[]
        | null;
      return (ids ?? []).map(Number);
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
    // A delivery's outbox entry and its ledger `sent` are one Lua call: exactly once (see PUSH).
    async send(to: ConversationRef, replies: Reply[], meta?: SendMeta) {
      await outbox.push(to.chatId, replies, deps.clock.now(), meta?.deliveryId);
    },
    routes: router ? [(app) => registerChatRoutes(app, deps, router, outbox)] : [],
  };
}

import type { Module } from './module.js';
import type { Router } from './router.js';
import type { ChannelName, ConversationRef, Reply } from './types.js';

/**
 * A platform adapter as the core sees it: `send` (replies, and what the bot sends on its own:
 * reminders, broadcasts) plus, to receive, the Module parts — webhook `routes`, and `start`/`stop`
 * for polling or sockets. `send` throws `ChannelError` with a `DeliveryFailure` kind.
 */
export interface Channel extends Module {
  name: ChannelName;
  send(to: ConversationRef, replies: Reply[], meta?: SendMeta): Promise<void>;
  /**
   * Platforms that can tell (Slack: message metadata): did an earlier attempt of this delivery reach
   * the chat? Asked before retrying a delivery that was in flight when a worker died. Throws ChannelError.
   */
  deliveredBefore?(to: ConversationRef, deliveryId: string): Promise<boolean>;
}

/** About a send the bot makes on its own. */
export interface SendMeta {
  /** The outbound delivery's id: platforms with an idempotency key (Feishu's `uuid`) send it once. */
  deliveryId?: string;
}

/** What every channel factory `createXChannel(deps, io)` is given. */
export interface ChannelIo {
  /** Incoming messages go here; null in processes that only send (worker, CLI): no routes, polling or sockets. */
  router: Router | null;
  /** The chat can no longer be reached (the bot was removed or blocked): stop sending to it. */
  gone(conv: ConversationRef): Promise<void>;
}

/** The channels this process can send through, by name. */
export type ChannelRegistry = Map<ChannelName, Channel>;

import type { ChannelName, ConversationRef, Reply } from './types.js';

/**
 * What every platform adapter offers the core: start receiving, stop, and send on its own
 * (reminders, broadcasts). `send` throws `ChannelError` with a `DeliveryFailure` kind.
 */
export interface Channel {
  name: ChannelName;
  start(): Promise<void>;
  stop(): Promise<void>;
  send(to: ConversationRef, replies: Reply[]): Promise<void>;
}

/** The channels this process can send through, by name. */
export type ChannelRegistry = Map<ChannelName, Channel>;

import type { Lang } from '../core/types.js';

/**
 * What one delivery job carries (the per-platform delivery queues). Producers (calendar fan-outs,
 * report chasing) build it; the processor in jobs/deliver.ts sends it.
 */
export interface DeliveryJob {
  /** Deterministic id: also the BullMQ job id and the ledger key. */
  deliveryId: string;
  convId: string;
  kind: 'reminder' | 'broadcast' | 'notice' | 'chase';
  text: string;
  eventId?: string;
  lead?: string;
  /** The event start the reminder was planned for; a moved event drops it. */
  start?: string;
  lang?: Lang;
  broadcastId?: string;
}

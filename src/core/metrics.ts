import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  messages: Counter<'channel' | 'route'>;
  /** Platform events an adapter finished with: duplicate, ignored, answered, failed. */
  handled: Counter<'channel' | 'outcome'>;
  errors: Counter<'channel' | 'where'>;
  latency: Histogram<'channel' | 'route'>;
  deliveries: Counter<'channel' | 'result'>;
  /** Deliveries in flight when a worker died, sent again (the platform could not say whether the first went out). */
  resends: Counter<'channel'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'union_desk_' });
  return {
    registry,
    messages: new Counter({
      name: 'union_desk_messages_total',
      help: 'Messages handled, by channel and route',
      labelNames: ['channel', 'route'],
      registers: [registry],
    }),
    handled: new Counter({
      name: 'union_desk_events_handled_total',
      help: 'Platform events an adapter finished with, by outcome (duplicate, ignored, answered, failed)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'union_desk_errors_total',
      help: 'Errors caught at a boundary',
      labelNames: ['channel', 'where'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'union_desk_message_seconds',
      help: 'Time to answer one message',
      labelNames: ['channel', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'union_desk_deliveries_total',
      help: 'Messages the bot sent on its own (reminders, broadcasts), by result',
      labelNames: ['channel', 'result'],
      registers: [registry],
    }),
    resends: new Counter({
      name: 'union_desk_delivery_resends_total',
      help: 'Deliveries in flight when a worker died, sent again because the platform cannot tell whether the first attempt arrived',
      labelNames: ['channel'],
      registers: [registry],
    }),
  };
}

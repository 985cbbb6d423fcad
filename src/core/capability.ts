import type { RoutePlugin } from '../web/server.js';
import type { Feature } from './module.js';
import type { Router } from './router.js';

/** Which parts run in this process: the bot (HTTP + channels), the queue workers, or both (default). */
export type ProcessRole = 'all' | 'bot' | 'worker';

export interface CapabilityContext {
  /** The router, available once every feature is registered (channels call it). */
  router: () => Router;
  role: ProcessRole;
}

/**
 * A capability plugs into the app: chat features for the router, HTTP routes for the server,
 * and things to start and stop with the process (channels, queue workers, file watchers).
 */
export interface Capability {
  name: string;
  features?: Feature[];
  routes?: RoutePlugin[];
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

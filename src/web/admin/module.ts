import type { Deps } from '../../core/deps.js';
import type { Module } from '../../core/module.js';
import type { AdminEnv } from './context.js';
import { createLoginLimiter } from './login-limit.js';
import type { AdminPorts } from './ports.js';
import { adminRoutes } from './routes.js';
import { createSessionStore } from './session.js';
import { type StaffStore, createStaffStore } from './staff.js';

export interface Admin {
  /** Console accounts (also managed by `npm run cli -- staff`). */
  staff: StaffStore;
  module: Module;
}

/**
 * The web console for union office staff, under /admin on the main server, over the services it is
 * given (a part whose service is not given shows a "not available" panel).
 */
export function createAdmin(deps: Deps, ports: AdminPorts): Admin {
  const now = () => deps.clock.now();
  const staff = createStaffStore(deps.redis, deps.keys, now);
  const env: AdminEnv = {
    deps,
    ports,
    staff,
    sessions: createSessionStore(deps.redis, deps.keys, now),
    limiter: createLoginLimiter(deps.redis, deps.keys),
    secure: deps.config.PUBLIC_URL?.startsWith('https:') ?? false,
  };
  return { staff, module: { name: 'admin', routes: [adminRoutes(env)] } };
}

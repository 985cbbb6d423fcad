import type { Capability, CapabilityContext } from '../../core/capability.js';
import type { Deps } from '../../core/deps.js';
import type { AdminEnv } from './context.js';
import { createLoginLimiter } from './login-limit.js';
import { adminRoutes } from './routes.js';
import { createSessionStore } from './session.js';
import { type StaffStore, createStaffStore } from './staff.js';

declare module '../../core/deps.js' {
  interface Services {
    staff: StaffStore;
  }
}

/** The web console for union office staff, under /admin on the main server. */
export async function createAdminCapability(deps: Deps, ctx: CapabilityContext): Promise<Capability> {
  const now = () => deps.clock.now();
  const staff = createStaffStore(deps.redis, deps.keys, now);
  deps.services.staff = staff;
  if (ctx.role === 'worker') return { name: 'admin' };
  const env: AdminEnv = {
    deps,
    staff,
    sessions: createSessionStore(deps.redis, deps.keys, now),
    limiter: createLoginLimiter(deps.redis, deps.keys),
    secure: deps.config.PUBLIC_URL?.startsWith('https:') ?? false,
  };
  return { name: 'admin', routes: [adminRoutes(env)] };
}

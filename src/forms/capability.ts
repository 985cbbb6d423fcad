import type { Capability, CapabilityContext } from '../core/capability.js';
import type { Deps } from '../core/deps.js';
import { exportRoute } from './admin-route.js';
import { createFormsFeature } from './feature.js';
import { createFormsInternals } from './service.js';

/** Forms: monthly reports through conversation, the unit registry, progress and export. */
export async function createFormsCapability(deps: Deps, _ctx: CapabilityContext): Promise<Capability> {
  const fi = createFormsInternals(deps);
  deps.services.forms = fi.service;
  return {
    name: 'forms',
    features: [createFormsFeature(fi)],
    routes: [exportRoute(deps, fi.service)],
  };
}

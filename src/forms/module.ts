import type { Deps } from '../core/deps.js';
import type { Module } from '../core/module.js';
import { exportRoute } from './admin-route.js';
import { createFormsModule } from './feature.js';
import { type FormsQa, type FormsService, createFormsInternals } from './service.js';

export interface Forms {
  service: FormsService;
  module: Module;
}

/** Forms: monthly reports through conversation (side questions answered by `qa`), the unit registry, progress and export. */
export function createForms(deps: Deps, io: { qa: FormsQa | null }): Forms {
  const fi = createFormsInternals(deps, io.qa);
  return {
    service: fi.service,
    module: { ...createFormsModule(fi), routes: [exportRoute(deps, fi.service)] },
  };
}

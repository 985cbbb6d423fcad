import path from 'node:path';
import type { Deps } from '../core/deps.js';
import type { Module } from '../core/module.js';
import { fromRoot } from '../paths.js';
import { createQaModule } from './feature.js';
import { type QaService, createQaService } from './service.js';

export interface Qa {
  service: QaService;
  module: Module;
}

/**
 * Q&A over CORPUS_DIRS: the index is cached under DATA_DIR/cache/qa (keyed by corpus content hash),
 * reloaded on /reload and, when `watch` is on (bot processes), when a corpus file changes.
 */
export async function createQa(deps: Deps, opts: { watch: boolean }): Promise<Qa> {
  const service = await createQaService({
    corpusDirs: deps.config.CORPUS_DIRS.map(fromRoot),
    cacheDir: path.join(fromRoot(deps.config.DATA_DIR), 'cache', 'qa'),
    logger: deps.logger.child({ component: 'qa' }),
    llm: deps.llm,
    watch: opts.watch,
  });
  return { service, module: { ...createQaModule(service), stop: () => service.close() } };
}

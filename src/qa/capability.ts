import path from 'node:path';
import type { Capability, CapabilityContext } from '../core/capability.js';
import type { Deps } from '../core/deps.js';
import { fromRoot } from '../paths.js';
import { createQaFeature } from './feature.js';
import { createQaService } from './service.js';

/**
 * Q&A over CORPUS_DIRS: the index is cached under DATA_DIR/cache/qa (keyed by corpus content hash),
 * reloaded on /reload and, in bot processes, when a corpus file changes.
 */
export async function createQaCapability(deps: Deps, ctx: CapabilityContext): Promise<Capability> {
  const qa = await createQaService({
    corpusDirs: deps.config.CORPUS_DIRS.map(fromRoot),
    cacheDir: path.join(fromRoot(deps.config.DATA_DIR), 'cache', 'qa'),
    logger: deps.logger.child({ component: 'qa' }),
    llm: deps.llm,
    watch: ctx.role !== 'worker',
  });
  deps.services.qa = qa;
  return {
    name: 'qa',
    features: [createQaFeature(qa)],
    stop: () => qa.close(),
  };
}

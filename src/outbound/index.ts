import type { Deps } from '../core/deps.js';
import type { Module } from '../core/module.js';
import { scheduleChases } from './chase.js';
import type { Queues } from './queues.js';
import { type Processors, type Workers, startWorkers } from './workers.js';

/**
 * The outbound engine as a module: the queues (producers exist in every process), the monthly
 * report-chase schedulers, and — unless this process only serves chat (PROCESS_ROLE=bot,
 * RUN_WORKERS=false, the CLI) — the workers running `processors`. It starts after the channels it
 * delivers through and stops first.
 */
export function createOutbound(
  deps: Deps,
  io: { queues: Queues; processors: Processors; runWorkers: boolean },
): Module {
  const { queues } = io;
  let workers: Workers | null = null;
  return {
    name: 'outbound',
    async start() {
      await Promise.all(queues.all().map((q) => q.waitUntilReady()));
      await scheduleChases(queues, deps.config);
      if (io.runWorkers) workers = startWorkers(deps, io.processors);
    },
    async stop() {
      await workers?.close();
      await queues.close();
    },
  };
}

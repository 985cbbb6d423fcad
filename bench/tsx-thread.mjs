// Worker-thread entry for the benches: register tsx in this thread, then run the TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

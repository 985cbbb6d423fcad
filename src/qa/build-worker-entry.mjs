// Worker entry when running from TypeScript sources: register tsx in this thread, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker.ts');

import { loadEnvFile } from './env-file.js';
import { runProcess } from './process.js';

loadEnvFile();

await runProcess();

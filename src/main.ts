import { runProcess } from './process.js';

await runProcess(process.env['PROCESS_ROLE'] === 'bot' ? 'bot' : 'all');

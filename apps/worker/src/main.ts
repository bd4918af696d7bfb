import 'reflect-metadata';

import { createLogger, loadConfig } from '@campaign/config';

import { installTemporalRuntime, startWorker } from './run-worker.js';

const config = loadConfig();
const logger = createLogger(config, 'worker');
installTemporalRuntime(logger);
const worker = await startWorker(config, logger);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => worker.shutdown());
await worker.done;

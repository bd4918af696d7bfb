import 'reflect-metadata';

import { createLogger, loadConfig } from '@campaign/config';

import { createApiApp } from './bootstrap.js';

const config = loadConfig();
const logger = createLogger(config, 'api');
const app = await createApiApp(config, logger);
// Nest owns shutdown here: SIGINT/SIGTERM close the HTTP server, then the pool and the connection.
app.enableShutdownHooks();
await app.listen(config.http.port);
logger.info(
  {
    url: `http://localhost:${config.http.port}`,
    docs: `http://localhost:${config.http.port}/docs`,
  },
  'api listening',
);

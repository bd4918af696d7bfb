import type { AppConfig, Logger } from '@campaign/config';
import type { DataSource } from 'typeorm';

/** What every context's activities are built from: the worker, the tests and the scripts pass these. */
export interface ActivityDeps {
  dataSource: DataSource;
  config: AppConfig;
  logger: Logger;
}

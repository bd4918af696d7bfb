import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AccountRepository } from './account.repository.js';
import { CampaignReadModelRepository } from './campaign-read-model.repository.js';
import { createDataSource, migrate } from './data-source.js';
import { NotificationRepository } from './notification.repository.js';
import { OrgRepository } from './org.repository.js';

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The database for a Nest app: connects, runs pending migrations under the advisory lock at
 * boot, and closes the pool on shutdown.
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG, LOGGER],
      useFactory: async (config: AppConfig, logger: Logger): Promise<DataSource> => {
        const dataSource = createDataSource(config.database.url, {
          poolSize: config.database.poolSize,
        });
        await dataSource.initialize();
        const ran = await migrate(dataSource);
        if (ran.length > 0) logger.info({ migrations: ran }, 'ran database migrations');
        return dataSource;
      },
    },
    {
      provide: CampaignReadModelRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new CampaignReadModelRepository(dataSource),
    },
    {
      provide: OrgRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new OrgRepository(dataSource),
    },
    {
      provide: AccountRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new AccountRepository(dataSource),
    },
    {
      provide: NotificationRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new NotificationRepository(dataSource),
    },
    DataSourceLifecycle,
  ],
  exports: [
    DataSource,
    CampaignReadModelRepository,
    OrgRepository,
    AccountRepository,
    NotificationRepository,
  ],
})
export class PersistenceModule {}

import { type AppConfig, ConfigModule, type Logger } from '@campaign/config';
import { PersistenceModule } from '@campaign/persistence';
import { type DynamicModule, Module } from '@nestjs/common';

/** The worker's services: configuration, logging and the database. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config, logger), PersistenceModule.forRoot('worker')],
    };
  }
}

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AccountRepository } from './account.repository.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AuditRepository } from './audit.repository.js';
import { CadenceRepository } from './cadence.repository.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { CampaignReadModelRepository } from './campaign-read-model.repository.js';
import { ConfidentialCipher } from './confidential.js';
import { createDataSource, migrate } from './data-source.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { LedgerRepository } from './ledger.repository.js';
import { NotificationRepository } from './notification.repository.js';
import { OrgRepository } from './org.repository.js';
import { PlanTemplateRepository } from './plan-template.repository.js';
import { ProblemRepository } from './problem.repository.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { RuleTaskRepository } from './rule-task.repository.js';
import { StatementRepository } from './statement.repository.js';
import { TaskRepository } from './task.repository.js';
import { TaskKindRepository } from './task-kind.repository.js';
import { TipOffRepository } from './tip-off.repository.js';

/** Repositories of confidential text: `new Repo(dataSource, cipher)`. */
const SEALING_REPOSITORIES = [StatementRepository, TipOffRepository] as const;

/** Repositories built from the one DataSource: `new Repo(dataSource)`, no other wiring. */
const REPOSITORIES = [
  CampaignReadModelRepository,
  OrgRepository,
  AccountRepository,
  TaskRepository,
  PlanTemplateRepository,
  TaskKindRepository,
  NotificationRepository,
  AuditRepository,
  CalendarRepository,
  LedgerRepository,
  CadenceRepository,
  ProblemRepository,
  RuleTaskRepository,
  AssessmentRepository,
  RateLimitRepository,
] as const;

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
    ...REPOSITORIES.map((repository) => ({
      provide: repository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new repository(dataSource),
    })),
    {
      // The key ring from the configuration: the first key seals, every key opens.
      provide: ConfidentialCipher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new ConfidentialCipher(config.confidential.keys),
    },
    ...SEALING_REPOSITORIES.map((repository) => ({
      provide: repository,
      inject: [DataSource, ConfidentialCipher],
      useFactory: (dataSource: DataSource, cipher: ConfidentialCipher) =>
        new repository(dataSource, cipher),
    })),
    IdempotencyRepository,
    DataSourceLifecycle,
  ],
  exports: [
    DataSource,
    ...REPOSITORIES,
    ConfidentialCipher,
    ...SEALING_REPOSITORIES,
    IdempotencyRepository,
  ],
})
export class PersistenceModule {}

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import {
  type DynamicModule,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AccountRepository } from './account.repository.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AuditRepository } from './audit.repository.js';
import { CadenceRepository } from './cadence.repository.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { CampaignReadModelRepository } from './campaign-read-model.repository.js';
import { ConfidentialCipher } from './confidential.js';
import { createDataSource, migrate } from './data-source.js';
import { DecisionRepository } from './decision.repository.js';
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
  DecisionRepository,
] as const;

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

const PROVIDERS: Provider[] = [
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
];

const EXPORTS = [
  DataSource,
  ...REPOSITORIES,
  ConfidentialCipher,
  ...SEALING_REPOSITORIES,
  IdempotencyRepository,
];

/** Which process the database serves: its deadlines differ (`AppConfig.database.timeouts`). */
export type DatabaseProcess = 'api' | 'worker';

/**
 * The database for a Nest app: runs pending migrations under the advisory lock at boot (on a
 * connection of their own without statement deadlines: a migration, or waiting for the other
 * process's, may take longer than a request may), then serves from a pool with this process's
 * deadlines, and closes it on shutdown. The API's statements get seconds, so a request answers
 * 503 instead of hanging with PostgreSQL; the worker's get minutes (batch work Temporal retries).
 */
@Module({})
export class PersistenceModule {
  static forRoot(role: DatabaseProcess): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG, LOGGER],
          useFactory: async (config: AppConfig, logger: Logger): Promise<DataSource> => {
            const { timeouts } = config.database;
            const migrating = createDataSource(config.database.url, { poolSize: 2 });
            await migrating.initialize();
            try {
              const ran = await migrate(migrating);
              if (ran.length > 0) logger.info({ migrations: ran }, 'ran database migrations');
            } finally {
              await migrating.destroy();
            }
            const dataSource = createDataSource(config.database.url, {
              poolSize: config.database.poolSize,
              connectTimeoutMs: timeouts.connectMs,
              statementTimeoutMs:
                role === 'api' ? timeouts.apiStatementMs : timeouts.workerStatementMs,
            });
            await dataSource.initialize();
            return dataSource;
          },
        },
        ...PROVIDERS,
      ],
      exports: EXPORTS,
    };
  }
}

import { DataSource, type DataSourceOptions } from 'typeorm';

import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

/** Arbitrary constant: the advisory lock every process takes before migrating. */
const MIGRATION_LOCK_KEY = 7_316_550_201;

/**
 * The one DataSource definition, shared by the apps, the migration scripts and the tests.
 * Schema changes only ever come from migrations; `synchronize` stays off everywhere.
 */
export function createDataSource(
  url: string,
  options: Partial<Pick<DataSourceOptions, 'poolSize'>> & {
    applicationName?: string;
    /** How long to wait for a connection, pooled or new (pg's connectionTimeoutMillis). */
    connectTimeoutMs?: number;
    /**
     * How long one statement may run: PostgreSQL cancels it (57014, statement_timeout), and the
     * client gives up a second later when the server does not answer at all (a frozen server).
     */
    statementTimeoutMs?: number;
  } = {},
): DataSource {
  const statement = options.statementTimeoutMs;
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'campaign-orchestrator',
    logging: false,
    ...(options.connectTimeoutMs !== undefined
      ? { connectTimeoutMS: options.connectTimeoutMs }
      : {}),
    ...(statement !== undefined
      ? { extra: { statement_timeout: statement, query_timeout: statement + 1_000 } }
      : {}),
  });
}

/**
 * Runs pending migrations under a Postgres advisory lock, so the api and the worker booting at
 * once never migrate twice. Returns the names of the migrations it ran.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ran = await dataSource.runMigrations({ transaction: 'all' });
    return ran.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}

/**
 * The SQL TypeORM would need to make the database match the entities. Empty when entities and
 * migrations agree; CI fails otherwise.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

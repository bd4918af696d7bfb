import { createDataSource, migrate, pendingSchemaChanges } from '@campaign/persistence';
import { createDatabaseIfMissing, dropDatabase, harness, uniqueSuffix } from '@campaign/testing';
import { describe, expect, it } from '@jest/globals';

/** A database with nothing in it, on the run's PostgreSQL. */
async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const { adminDatabaseUrl } = harness();
  const name = `migrations_${uniqueSuffix()}`;
  await createDatabaseIfMissing(adminDatabaseUrl, name);
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(adminDatabaseUrl, name) };
}

describe('migrations', () => {
  it('bring an empty database to exactly what the entities describe', async () => {
    const db = await emptyDatabase();
    const dataSource = createDataSource(db.url);
    try {
      await dataSource.initialize();
      expect((await pendingSchemaChanges(dataSource)).length).toBeGreaterThan(0);
      const ran = await migrate(dataSource);
      expect(ran.length).toBeGreaterThan(0);
      // Fails (listing the SQL) when an entity changed without a migration.
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });

  it('run once when the api and the worker boot together', async () => {
    const db = await emptyDatabase();
    const sources = [createDataSource(db.url), createDataSource(db.url), createDataSource(db.url)];
    try {
      await Promise.all(sources.map((s) => s.initialize()));
      const ran = await Promise.all(sources.map((s) => migrate(s)));
      // Exactly one process applied each migration; the others waited on the lock and found none.
      expect(ran.flat().sort()).toEqual([...ran.find((r) => r.length > 0)!].sort());
      const rows = await sources[0].query('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows[0].n).toBe(ran.flat().length);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
      await db.drop();
    }
  });

  it('undo cleanly: reverting every migration leaves no table behind', async () => {
    const db = await emptyDatabase();
    const dataSource = createDataSource(db.url);
    try {
      await dataSource.initialize();
      const ran = await migrate(dataSource);
      for (let i = 0; i < ran.length; i++) await dataSource.undoLastMigration();
      const tables = await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
      );
      expect(tables).toEqual([]);
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });
});

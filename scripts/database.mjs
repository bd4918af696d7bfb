// The database a command-line tool works on (seed:demo, keys:rotate, audit:verify): DATABASE_URL
// when set; else the embedded server of `npm start` if it is already running (npm start holds
// its data folder), else the embedded server started for this command only. Migrated before use.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => join(root, 'dist', path);

export const masked = (url) => url.replace(/:[^:@/]+@/, ':***@');

/**
 * Whether a PostgreSQL server answers at `url`: 'up', 'no-database' (the server answers but the
 * database is missing) or 'down'. Other refusals (wrong password, ...) are errors: something
 * else holds the port.
 */
async function probe(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return 'up';
  } catch (error) {
    if (error.code === '3D000') return 'no-database';
    // Errors the server sent carry a severity; socket errors (ECONNREFUSED, timeout) do not.
    if (!error.severity) return 'down';
    throw new Error(`PostgreSQL at ${masked(url)} refused the connection: ${error.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects (starting the embedded server when nothing runs), migrates; `close()` undoes both. */
export async function openDatabase(config, { say, applicationName }) {
  const tooling = await import(dist('libs/testing/src/index.js'));
  const { createDataSource, migrate } = await import(dist('libs/persistence/src/index.js'));
  let embedded = null;
  let databaseUrl = config.database.url;
  if (!config.database.external) {
    const state = await probe(databaseUrl);
    if (state === 'down') {
      say(
        `starting embedded PostgreSQL on port ${config.database.embedded.port} (data in ${config.database.embedded.dataDir})`,
      );
      embedded = await tooling.startEmbeddedPostgres({
        dataDir: config.database.embedded.dataDir,
        port: config.database.embedded.port,
        database: 'campaigns',
      });
      databaseUrl = embedded.url;
    } else {
      say(`using the PostgreSQL already running on port ${config.database.embedded.port}`);
      if (state === 'no-database') {
        const admin = new URL(databaseUrl);
        const database = admin.pathname.slice(1);
        admin.pathname = '/postgres';
        await tooling.createDatabaseIfMissing(admin.toString(), database);
      }
    }
  }
  say(`database ${masked(databaseUrl)}`);
  const dataSource = createDataSource(databaseUrl, { poolSize: 4, applicationName });
  try {
    await dataSource.initialize();
    const ran = await migrate(dataSource);
    if (ran.length > 0) say(`migrated: ${ran.join(', ')}`);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  return {
    dataSource,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      if (embedded) {
        say('stopping embedded PostgreSQL');
        await embedded.stop().catch((error) => say(`could not stop PostgreSQL: ${error.message}`));
      }
    },
  };
}

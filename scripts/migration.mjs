// Migration helper, run on the built code (it builds first):
//   npm run migration:generate -- <Name>   writes libs/persistence/src/migrations/<ts>-<name>.ts with
//                                          what the entities need beyond the existing migrations
//   npm run migration:run                  applies pending migrations to DATABASE_URL (or the embedded default)
// Generation runs against a throw-away embedded PostgreSQL, so it never touches your data.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, name] = process.argv.slice(2);

await build({ bundle: false });
const { createDataSource, migrate, pendingSchemaChanges } = await import(
  join(root, 'dist/libs/persistence/src/index.js')
);
const { loadConfig } = await import(join(root, 'dist/libs/config/src/index.js'));
const { startEmbeddedPostgres, freePort } = await import(
  join(root, 'dist/libs/testing/src/index.js')
);

if (command === 'generate') {
  if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
    console.error('usage: npm run migration:generate -- <kebab-case-name>');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'campaign-migration-'));
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    port: await freePort(),
    database: 'scratch',
  });
  const dataSource = createDataSource(pg.url);
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    const log = await dataSource.driver.createSchemaBuilder().log();
    if (log.upQueries.length === 0) {
      console.log('entities and migrations agree: nothing to generate');
    } else {
      const timestamp = Date.now();
      const className = name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase()) + timestamp;
      const lines = (queries) =>
        queries.map((q) => `    await queryRunner.query(${JSON.stringify(q.query)});`).join('\n');
      const file = join(root, `libs/persistence/src/migrations/${timestamp}-${name}.ts`);
      writeFileSync(
        file,
        `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(log.upQueries)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines([...log.downQueries].reverse())}
  }
}
`,
      );
      console.log(
        `wrote ${file}\nadd ${className} to MIGRATIONS in libs/persistence/src/migrations/index.ts`,
      );
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
} else if (command === 'run') {
  const config = loadConfig();
  const dataSource = createDataSource(config.database.url);
  await dataSource.initialize();
  const ran = await migrate(dataSource);
  console.log(ran.length ? `ran ${ran.join(', ')}` : 'no pending migrations');
  const drift = await pendingSchemaChanges(dataSource);
  await dataSource.destroy();
  if (drift.length) {
    console.error(`entities and migrations disagree; generate a migration:\n${drift.join('\n')}`);
    process.exit(1);
  }
} else {
  console.error('usage: node scripts/migration.mjs generate <name> | run');
  process.exit(2);
}

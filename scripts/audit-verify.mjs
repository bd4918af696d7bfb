// npm run audit:verify: walks the audit trail (audit_events) in order and checks that each row
// carries the hash of the one before and its own hash still holds. Prints how many rows hold and
// names the first broken one (a changed row, or a gap where one was removed); exits 1 then.
// The database as for seed:demo (DATABASE_URL, or the embedded one).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { openDatabase } from './database.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[audit] ${line}`);

const { ensureDependencies } = await import('./ensure-deps.mjs');
ensureDependencies();
if (!process.argv.includes('--no-build')) {
  const { build } = await import('./build.mjs');
  await build({ bundle: false });
}
const dist = (path) => join(root, 'dist', path);
const { loadConfig } = await import(dist('libs/config/src/index.js'));
const { AuditRepository } = await import(dist('libs/persistence/src/index.js'));

let database = null;
let exitCode = 0;
try {
  database = await openDatabase(loadConfig(process.env, root), { say, applicationName: 'audit' });
  const result = await new AuditRepository(database.dataSource).verify();
  if (result.firstBroken === null) {
    say(`the chain holds: ${result.checked} rows checked`);
  } else {
    say(`BROKEN at row ${result.firstBroken}: ${result.checked} rows before it hold`);
    exitCode = 1;
  }
} catch (error) {
  console.error(`[audit] ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await database?.close();
}
process.exit(exitCode);

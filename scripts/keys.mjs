// npm run keys:rotate: re-encrypts every confidential row (statements, tip-offs, reporters'
// identities) still sealed with an older key under the ring's first key, in batches, beside a
// running API. Then reports how many rows each key still seals: a key that seals none can be
// removed from CONFIDENTIAL_KEYS. Rows that do not open (tampered, or their key is missing) are
// named by table, column and id, left as they are, and make the command exit 1.
//   npm run keys:rotate                     rotate, then report
//   npm run keys:rotate -- --check          only open every sealed value and report
//   npm run keys:rotate -- --batch 200      rows per transaction (default 500)
// Keys come from CONFIDENTIAL_KEYS / CONFIDENTIAL_KEYS_FILE (newest first), the database as for
// seed:demo (DATABASE_URL, or the embedded one).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { openDatabase } from './database.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[keys] ${line}`);
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

const { ensureDependencies } = await import('./ensure-deps.mjs');
ensureDependencies();
if (!flag('--no-build')) {
  const { build } = await import('./build.mjs');
  await build({ bundle: false });
}
const dist = (path) => join(root, 'dist', path);
const { loadConfig } = await import(dist('libs/config/src/index.js'));
const { ConfidentialCipher, checkSealedRows, rotateSealedRows, sealedRowsByKey } = await import(
  dist('libs/persistence/src/index.js')
);

const config = loadConfig(process.env, root);
if (config.confidential.usingDevelopmentKey) {
  say('no CONFIDENTIAL_KEYS: working with the development key');
  if (config.nodeEnv === 'production') {
    say('refused: NODE_ENV=production needs CONFIDENTIAL_KEYS');
    process.exit(1);
  }
}
const batchSize = option('--batch', 500);
if (!Number.isInteger(batchSize) || batchSize < 1) {
  say('--batch takes a whole number of rows');
  process.exit(2);
}
const cipher = new ConfidentialCipher(config.confidential.keys);
say(`key ring: ${cipher.keyIds.join(', ')} (${cipher.currentKeyId} encrypts)`);

let database = null;
let exitCode = 0;
try {
  database = await openDatabase(config, { say, applicationName: 'keys' });
  const { dataSource } = database;
  let broken;
  if (flag('--check')) {
    const result = await checkSealedRows(dataSource, cipher, { batchSize });
    say(`checked ${result.checked} rows`);
    broken = result.broken;
  } else {
    const started = Date.now();
    const result = await rotateSealedRows(dataSource, cipher, {
      batchSize,
      onBatch: (table, rows) => say(`${table}: ${rows} rows re-encrypted`),
    });
    for (const [table, rows] of Object.entries(result.rotated)) {
      say(`${table}: ${rows} rows now sealed with ${cipher.currentKeyId}`);
    }
    say(`rotation took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    broken = result.broken;
  }
  const usage = await sealedRowsByKey(dataSource);
  const stillUsed = new Set();
  for (const [table, byKey] of Object.entries(usage)) {
    const parts = Object.entries(byKey).map(([key, n]) => `${key}: ${n}`);
    for (const key of Object.keys(byKey)) stillUsed.add(key);
    say(`${table}: ${parts.length > 0 ? parts.join(', ') : 'no rows'}`);
  }
  const removable = cipher.keyIds.filter((k) => k !== cipher.currentKeyId && !stillUsed.has(k));
  if (removable.length > 0)
    say(`no row is sealed with ${removable.join(', ')}: removable from the ring`);
  for (const b of broken) {
    say(`DOES NOT OPEN: ${b.table}.${b.column} of row ${b.rowId} (${b.why}, key ${b.keyId})`);
  }
  if (broken.length > 0) exitCode = 1;
} catch (error) {
  console.error(`[keys] ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await database?.close();
}
process.exit(exitCode);

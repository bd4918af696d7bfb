import type { DataSource } from 'typeorm';

import {
  type ConfidentialCipher,
  ConfidentialIntegrityError,
  SEALED_TABLES,
  type SealedTable,
} from './confidential.js';

/** A sealed value that does not open: where it is and why, never what it holds. */
export interface BrokenSeal {
  table: string;
  rowId: string;
  column: string;
  keyId: string;
  why: ConfidentialIntegrityError['why'];
}

export interface RotationReport {
  /** Rows re-encrypted with the ring's current key, per table. */
  rotated: Record<string, number>;
  /** Rows left as they were because a value did not open (tampered, or its key is gone). */
  broken: BrokenSeal[];
}

type SealedRow = { id: string; key_id: string } & Record<string, Buffer | null>;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Re-encrypts every sealed row whose key is not the ring's current one, `batchSize` rows per
 * transaction, so rotation runs beside a live API: each row is locked while it is rewritten
 * and written only if its key is still the one it was read with. A row that does not open is
 * reported and left untouched. When it reports no row left under an old key, that key can be
 * removed from the ring.
 */
export async function rotateSealedRows(
  dataSource: DataSource,
  cipher: ConfidentialCipher,
  {
    batchSize = 500,
    onBatch,
  }: { batchSize?: number; onBatch?: (table: string, rows: number) => void } = {},
): Promise<RotationReport> {
  const report: RotationReport = { rotated: {}, broken: [] };
  for (const table of SEALED_TABLES) {
    report.rotated[table.table] = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const done = await dataSource.transaction(async (tx) => {
        const rows: SealedRow[] = await tx.query(
          `SELECT id, key_id, ${table.columns.map(quote).join(', ')} FROM ${quote(table.table)}
            WHERE key_id <> $1 AND id > $2 ORDER BY id LIMIT $3 FOR UPDATE`,
          [cipher.currentKeyId, after, batchSize],
        );
        for (const row of rows) {
          after = row.id;
          const resealed = reseal(cipher, table, row, report.broken);
          if (!resealed) continue;
          const sets = table.columns.map((c, i) => `${quote(c)} = $${i + 3}`).join(', ');
          await tx.query(
            `UPDATE ${quote(table.table)} SET key_id = $1, ${sets} WHERE id = $2 AND key_id = $${
              table.columns.length + 3
            }`,
            [cipher.currentKeyId, row.id, ...resealed, row.key_id],
          );
          report.rotated[table.table]++;
        }
        if (rows.length > 0) onBatch?.(table.table, rows.length);
        return rows.length < batchSize;
      });
      if (done) break;
    }
  }
  return report;
}

/** Every column of a row sealed again under the current key, or null if one did not open. */
function reseal(
  cipher: ConfidentialCipher,
  table: SealedTable,
  row: SealedRow,
  broken: BrokenSeal[],
): Array<Buffer | null> | null {
  const values: Array<Buffer | null> = [];
  for (const column of table.columns) {
    const sealed = row[column];
    if (sealed === null || sealed === undefined) {
      values.push(null);
      continue;
    }
    const place = { table: table.table, column, rowId: row.id };
    try {
      const plain = cipher.open(sealed, place, row.key_id);
      values.push(cipher.seal(plain, place));
    } catch (error) {
      if (!(error instanceof ConfidentialIntegrityError)) throw error;
      broken.push({ table: table.table, rowId: row.id, column, keyId: row.key_id, why: error.why });
      return null;
    }
  }
  return values;
}

/** Opens every sealed value (without keeping it) and lists those that do not open. */
export async function checkSealedRows(
  dataSource: DataSource,
  cipher: ConfidentialCipher,
  { batchSize = 500 }: { batchSize?: number } = {},
): Promise<{ checked: number; broken: BrokenSeal[] }> {
  const broken: BrokenSeal[] = [];
  let checked = 0;
  for (const table of SEALED_TABLES) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: SealedRow[] = await dataSource.query(
        `SELECT id, key_id, ${table.columns.map(quote).join(', ')} FROM ${quote(table.table)}
          WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, batchSize],
      );
      for (const row of rows) {
        after = row.id;
        checked++;
        for (const column of table.columns) {
          const sealed = row[column];
          if (sealed === null || sealed === undefined) continue;
          try {
            cipher.open(sealed, { table: table.table, column, rowId: row.id }, row.key_id);
          } catch (error) {
            if (!(error instanceof ConfidentialIntegrityError)) throw error;
            broken.push({
              table: table.table,
              rowId: row.id,
              column,
              keyId: row.key_id,
              why: error.why,
            });
          }
        }
      }
      if (rows.length < batchSize) break;
    }
  }
  return { checked, broken };
}

/** How many rows each key seals, per table: an old key is removable once it seals none. */
export async function sealedRowsByKey(
  dataSource: DataSource,
): Promise<Record<string, Record<string, number>>> {
  const usage: Record<string, Record<string, number>> = {};
  for (const table of SEALED_TABLES) {
    const rows: Array<{ key_id: string; n: string }> = await dataSource.query(
      `SELECT key_id, count(*)::text AS n FROM ${quote(table.table)} GROUP BY key_id ORDER BY key_id`,
    );
    usage[table.table] = Object.fromEntries(rows.map((r) => [r.key_id, Number(r.n)]));
  }
  return usage;
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { ConfidentialKey } from '@campaign/config';

/** Format of a sealed value: version byte, 12-byte nonce, 16-byte tag, ciphertext. */
const FORMAT_V1 = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Where a sealed value lives: its table, column and row. Bound into the ciphertext as
 * additional authenticated data, so a value copied into another row or column (or a row's key
 * id swapped) fails to open instead of showing someone else's text.
 */
export interface SealedPlace {
  table: string;
  column: string;
  rowId: string;
}

/**
 * A confidential value that failed to open: tampered with, moved, or sealed with a key that is
 * no longer in the ring. Says where, never what. Not a domain error: the API answers a bare 500
 * and logs this message; `npm run keys:check` lists every such row.
 */
export class ConfidentialIntegrityError extends Error {
  constructor(
    readonly place: SealedPlace,
    readonly keyId: string,
    readonly why: 'tampered' | 'unknown_key' | 'malformed',
  ) {
    super(
      `${place.table}.${place.column} of row ${place.rowId} cannot be opened (${why}, key ${keyId})`,
    );
    this.name = 'ConfidentialIntegrityError';
  }
}

/**
 * Application-level encryption of confidential text (AES-256-GCM) with a key ring: the first
 * key seals, every key opens. Rows keep the id of the key that sealed them, so rotation finds
 * what is left to re-encrypt and an old key can be dropped once none of its rows remain.
 */
export class ConfidentialCipher {
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly ConfidentialKey[]) {
    if (keys.length === 0) throw new Error('the confidential key ring is empty');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.currentKeyId = keys[0].id;
  }

  /** The id of the key that seals new values. */
  readonly currentKeyId: string;

  /** The ids of every key in the ring, newest first. */
  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  seal(plaintext: string, place: SealedPlace, keyId: string = this.currentKeyId): Buffer {
    const key = this.byId.get(keyId);
    if (!key) throw new Error(`no key ${keyId} in the ring`);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(aad(place, keyId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_V1]), nonce, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, place: SealedPlace, keyId: string): string {
    const key = this.byId.get(keyId);
    if (!key) throw new ConfidentialIntegrityError(place, keyId, 'unknown_key');
    if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1) {
      throw new ConfidentialIntegrityError(place, keyId, 'malformed');
    }
    const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
    const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
    const body = sealed.subarray(1 + NONCE_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(aad(place, keyId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new ConfidentialIntegrityError(place, keyId, 'tampered');
    }
  }

  /** JSON values, sealed as their text. */
  sealJson(value: unknown, place: SealedPlace, keyId?: string): Buffer {
    return this.seal(JSON.stringify(value), place, keyId);
  }

  openJson<T>(sealed: Buffer, place: SealedPlace, keyId: string): T {
    const text = this.open(sealed, place, keyId);
    try {
      return JSON.parse(text) as T;
    } catch {
      // A parse error's message quotes the text: say where, never what.
      throw new ConfidentialIntegrityError(place, keyId, 'malformed');
    }
  }
}

function aad({ table, column, rowId }: SealedPlace, keyId: string): Buffer {
  return Buffer.from(`${table}\u0000${column}\u0000${rowId}\u0000${keyId}`, 'utf8');
}

/**
 * Every table that holds sealed columns, for rotation and checking: each row has `id` (uuid)
 * and `key_id`, and its sealed columns are `bytea` (null where a value is optional). A table
 * that seals a column is listed here, or `keys:rotate` would leave it behind (a test checks the
 * list against the entities).
 */
export interface SealedTable {
  table: string;
  columns: readonly string[];
}

export const SEALED_TABLES: readonly SealedTable[] = [
  { table: 'statements', columns: ['answers'] },
  { table: 'tip_offs', columns: ['subject_name', 'text', 'reporter'] },
  { table: 'tip_off_messages', columns: ['text'] },
];

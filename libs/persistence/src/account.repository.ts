import { createHash, randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';

import { AccountEntity } from './entities/account.entity.js';
import { RefreshTokenEntity } from './entities/refresh-token.entity.js';

/** SHA-256 of a refresh token: what the database keeps instead of the token. */
export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Sign-in accounts and their refresh tokens. */
export class AccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByUsername(username: string): Promise<AccountEntity | null> {
    return this.dataSource
      .getRepository(AccountEntity)
      .findOneBy({ username: username.toLowerCase() });
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ id });
  }

  /** Creates or updates the account of `personId` (idempotent by username). */
  async upsert(
    account: { username: string; passwordHash: string; personId: string },
    tx?: EntityManager,
  ): Promise<AccountEntity> {
    const m = tx ?? this.dataSource.manager;
    const username = account.username.toLowerCase();
    await m.query(
      `INSERT INTO accounts (id, username, password_hash, person_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash,
         person_id = EXCLUDED.person_id, updated_at = now()`,
      [randomUUID(), username, account.passwordHash, account.personId],
    );
    return m.findOneByOrFail(AccountEntity, { username });
  }

  async storeRefreshToken(accountId: string, token: string, expiresAt: Date): Promise<void> {
    await this.dataSource.getRepository(RefreshTokenEntity).insert({
      id: randomUUID(),
      accountId,
      tokenHash: refreshTokenHash(token),
      expiresAt,
      revokedAt: null,
    });
  }

  /**
   * Rotates a refresh token into `successor`, in one transaction: marks the token used (and by
   * what) and stores the successor. Null when the token was already used or revoked; a
   * concurrent rotation of the same token waits for this one and then sees it used, with its
   * successor committed.
   */
  async rotateRefreshToken(
    id: string,
    successor: { id: string; token: string; expiresAt: Date; createdAt: Date },
  ): Promise<{ id: string; createdAt: Date } | null> {
    return this.dataSource.transaction(async (tx) => {
      const [, changed]: [unknown, number] = await tx.query(
        `UPDATE refresh_tokens SET revoked_at = now(), successor_id = $2
          WHERE id = $1 AND revoked_at IS NULL`,
        [id, successor.id],
      );
      if (changed !== 1) return null;
      await tx.query(
        `INSERT INTO refresh_tokens (id, account_id, token_hash, expires_at, revoked_at, created_at)
         SELECT $2, account_id, $3, $4, NULL, $5 FROM refresh_tokens WHERE id = $1`,
        [
          id,
          successor.id,
          refreshTokenHash(successor.token),
          successor.expiresAt,
          successor.createdAt,
        ],
      );
      return { id: successor.id, createdAt: successor.createdAt };
    });
  }

  /**
   * The successor a used token was rotated into, if it was rotated less than `graceSeconds` ago
   * (by the database's clock), the successor is still unused and unexpired, and its hash is
   * `successorHash` (the caller derives it from the token presented: proof it holds the token).
   */
  async recentSuccessor(
    id: string,
    successorHash: string,
    graceSeconds: number,
  ): Promise<{ id: string; createdAt: Date } | null> {
    const rows: Array<{ id: string; created_at: Date }> = await this.dataSource.query(
      `SELECT s.id, s.created_at FROM refresh_tokens t
         JOIN refresh_tokens s ON s.id = t.successor_id
        WHERE t.id = $1 AND t.revoked_at > now() - make_interval(secs => $3)
          AND s.token_hash = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [id, successorHash, graceSeconds],
    );
    return rows[0] ? { id: rows[0].id, createdAt: rows[0].created_at } : null;
  }
  findRefreshToken(token: string): Promise<RefreshTokenEntity | null> {
    return this.dataSource
      .getRepository(RefreshTokenEntity)
      .findOneBy({ tokenHash: refreshTokenHash(token) });
  }

  /** Marks one token used; false when it was already revoked (a replay). */
  async revokeRefreshToken(id: string): Promise<boolean> {
    const result: [unknown, number] = await this.dataSource.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    return result[1] === 1;
  }

  /** Revokes every token of the account, and every grace a rotated one still had. */
  async revokeAllRefreshTokens(accountId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()), successor_id = NULL
        WHERE account_id = $1 AND (revoked_at IS NULL OR successor_id IS NOT NULL)`,
      [accountId],
    );
  }
}

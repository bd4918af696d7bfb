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

  async revokeAllRefreshTokens(accountId: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL',
      [accountId],
    );
  }
}

import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';

import { AccountEntity } from './account.entity.js';

/**
 * A refresh token, stored as its SHA-256 only. Rotated on every use; presenting a token that
 * was already rotated revokes the account's whole family (a stolen token is then useless),
 * except within a few seconds of its rotation, when it answers the same successor again (two
 * tabs refreshing at once).
 */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_refresh_tokens_account')
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<AccountEntity>;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /**
   * The token this one was rotated into (null while unused, or when it was revoked otherwise):
   * within the grace window a second use of this token answers that same successor again.
   * Cleared when the account's family is revoked, so no grace outlives a revocation.
   */
  @Column({ name: 'successor_id', type: 'uuid', nullable: true })
  successorId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

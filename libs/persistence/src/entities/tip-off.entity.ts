import type { ItemCategory, TipOffStatus } from '@campaign/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A tip-off (监督举报), anonymous or named. Whom it is about, what it says and who reported it
 * are sealed with the key ring; only what routing and scope need (the unit, the category) is in
 * clear. The reporter follows it with the receipt code and a passphrase, kept as a hash.
 */
@Entity({ name: 'tip_offs' })
export class TipOffEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Random, shown once to the reporter; identifies nothing. */
  @Column({ name: 'receipt_code', type: 'varchar', length: 32, unique: true })
  receiptCode!: string;

  @Column({ name: 'passphrase_hash', type: 'varchar', length: 200 })
  passphraseHash!: string;

  /** Failed follow-up attempts since the last success; too many lock the receipt a while. */
  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Index('idx_tip_offs_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'varchar', length: 32 })
  category!: ItemCategory;

  @Column({ type: 'boolean' })
  anonymous!: boolean;

  @Column({ name: 'key_id', type: 'varchar', length: 32 })
  keyId!: string;

  /** Sealed: whom the tip-off is about, in the reporter's words. */
  @Column({ name: 'subject_name', type: 'bytea' })
  subjectName!: Buffer;

  /** Sealed: what the reporter says. */
  @Column({ type: 'bytea' })
  text!: Buffer;

  /** Sealed JSON `{ name, phone }`; null for an anonymous tip-off. */
  @Column({ type: 'bytea', nullable: true })
  reporter!: Buffer | null;

  @Column({ type: 'varchar', length: 16, default: 'received' })
  status!: TipOffStatus;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** The problem its triage registered (and through it the ledger item). */
  @Column({ name: 'problem_id', type: 'uuid', nullable: true })
  problemId!: string | null;

  @Column({ name: 'handled_by_person_id', type: 'uuid', nullable: true })
  handledByPersonId!: string | null;

  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Who wrote a message on a tip-off: the reporter adding information, or an inspector answering. */
export type TipOffMessageAuthor = 'reporter' | 'inspector';

/** Information a reporter adds later, and inspectors' answers the reporter reads; sealed. */
@Entity({ name: 'tip_off_messages' })
export class TipOffMessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_tip_off_messages_tip_off')
  @Column({ name: 'tip_off_id', type: 'uuid' })
  tipOffId!: string;

  @Column({ type: 'varchar', length: 16 })
  author!: TipOffMessageAuthor;

  @Column({ name: 'author_person_id', type: 'uuid', nullable: true })
  authorPersonId!: string | null;

  @Column({ name: 'key_id', type: 'varchar', length: 32 })
  keyId!: string;

  @Column({ type: 'bytea' })
  text!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

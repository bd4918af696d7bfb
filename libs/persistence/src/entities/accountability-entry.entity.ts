import type { EscalationReason, RegisterEntryRung, WarningLevel } from '@campaign/domain';
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

import { LedgerItemEntity } from './ledger-item.entity.js';

export type AccountabilityKind = 'reminder' | 'warning' | 'rung' | 'extension_unanswered';

/** Someone an entry reached, as resolved from the organisation tree when it fired. */
export interface AccountabilityRecipient {
  personId: string;
  /** A responsibility role (`responsible_leader`, `first_responsible`, …). */
  role: string;
  levelsUp?: number;
}

/**
 * The accountability register (问责台账): every reminder, warning and rung an item's workflow
 * fired, once each (keyed by the core's key), with whom it reached; its deliveries are the
 * notifications whose dedupe keys start with its key.
 */
@Entity({ name: 'accountability_entries' })
@Index('idx_accountability_campaign_at', ['campaignId', 'at'])
export class AccountabilityEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('uq_accountability_entries_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  key!: string;

  @Index('idx_accountability_item')
  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  /** The unit answering for it: the responsible unit, else the item's unit. */
  @Index('idx_accountability_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: AccountabilityKind;

  @Column({ type: 'varchar', length: 24 })
  rung!: RegisterEntryRung;

  @Column({ type: 'varchar', length: 8, nullable: true })
  level!: Exclude<WarningLevel, 'green'> | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: EscalationReason | null;

  /** Campaign time it fired. */
  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  recipients!: AccountabilityRecipient[];

  /** Accountability: who is held to account. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  accountable!: string[];

  /** 督办单: its document number. */
  @Column({ name: 'document_number', type: 'varchar', length: 40, nullable: true })
  documentNumber!: string | null;

  /** The supervision order's new deadline, or the reminder's deadline. */
  @Column({ name: 'respond_by', type: 'timestamptz', nullable: true })
  respondBy!: Date | null;

  @Column({ type: 'boolean', default: false })
  rehearsal!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => LedgerItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<LedgerItemEntity>;
}

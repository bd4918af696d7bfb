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

export type ExtensionStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

/** A request for a new deadline, with its reason and the decision (the workflow's record decides). */
@Entity({ name: 'ledger_extensions' })
export class LedgerExtensionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_ledger_extensions_item')
  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ name: 'requested_by_person_id', type: 'uuid' })
  requestedByPersonId!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  /** The day asked for (YYYY-MM-DD). */
  @Column({ name: 'requested_deadline', type: 'varchar', length: 10 })
  requestedDeadline!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: ExtensionStatus;

  @Column({ name: 'decided_by_person_id', type: 'uuid', nullable: true })
  decidedByPersonId!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** The deadline before and after the decision (equal unless approved). */
  @Column({ name: 'deadline_before', type: 'timestamptz', nullable: true })
  deadlineBefore!: Date | null;

  @Column({ name: 'deadline_after', type: 'timestamptz', nullable: true })
  deadlineAfter!: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => LedgerItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<LedgerItemEntity>;
}

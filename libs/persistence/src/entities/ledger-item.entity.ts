import type {
  ItemCategory,
  ItemEvent,
  ItemMode,
  ItemSource,
  ItemStatus,
  LadderRung,
  WarningLevel,
} from '@campaign/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

import { CampaignEntity } from './campaign.entity.js';
import { UnitEntity } from './unit.entity.js';

/**
 * A rectification ledger item (整改台账): what the office registered and assigned, and the read
 * model of its workflow's state (status, warning, rung, deadlines), which only the workflow's
 * activity writes, newest step first (`seq`). Instants are campaign time.
 */
@Entity({ name: 'ledger_items' })
@Index('uq_ledger_items_number', ['campaignId', 'number'], { unique: true })
@Index('idx_ledger_items_campaign_status', ['campaignId', 'status'])
@Index('uq_ledger_items_import_key', ['campaignId', 'importKey'], {
  unique: true,
  where: 'import_key IS NOT NULL',
})
@Index('idx_ledger_items_starting', ['createdAt'], { where: 'workflow_started_at IS NULL' })
@Index('idx_ledger_items_parked', ['parkedAt'], { where: 'parked_at IS NOT NULL' })
export class LedgerItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  /** 序号: the item's number in its campaign's ledger, from 1. */
  @Column({ type: 'integer' })
  number!: number;

  @Index('idx_ledger_items_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  /** Persons concerned (涉及人员). */
  @Column({ name: 'person_ids', type: 'uuid', array: true, default: () => "'{}'" })
  personIds!: string[];

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 24 })
  source!: ItemSource;

  @Column({ name: 'source_round', type: 'integer', nullable: true })
  sourceRound!: number | null;

  @Column({ type: 'varchar', length: 32 })
  category!: ItemCategory;

  @Column({ name: 'registered_by_person_id', type: 'uuid' })
  registeredByPersonId!: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ type: 'boolean', default: false })
  rehearsal!: boolean;

  @Column({ type: 'varchar', length: 16, default: 'registered' })
  status!: ItemStatus;

  @Column({ name: 'warning_level', type: 'varchar', length: 8, default: 'green' })
  warningLevel!: WarningLevel;

  /** The highest rung fired. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  rung!: LadderRung | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ type: 'varchar', length: 16, nullable: true })
  mode!: ItemMode | null;

  @Column({ name: 'responsible_leader_id', type: 'uuid', nullable: true })
  responsibleLeaderId!: string | null;

  @Column({ name: 'responsible_unit_id', type: 'uuid', nullable: true })
  responsibleUnitId!: string | null;

  @Index('idx_ledger_items_responsible_person')
  @Column({ name: 'responsible_person_id', type: 'uuid', nullable: true })
  responsiblePersonId!: string | null;

  /** 挂牌督办: the leader who receives every rung. */
  @Column({ name: 'supervising_leader_id', type: 'uuid', nullable: true })
  supervisingLeaderId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @Column({ name: 'original_deadline', type: 'timestamptz', nullable: true })
  originalDeadline!: Date | null;

  @Column({ name: 'cumulative_delay_ms', type: 'bigint', default: 0 })
  cumulativeDelayMs!: string;

  @Column({ name: 'acceptance_standard', type: 'text', nullable: true })
  acceptanceStandard!: string | null;

  @Column({ name: 'expected_effect', type: 'text', nullable: true })
  expectedEffect!: string | null;

  @Column({ type: 'text', nullable: true })
  measures!: string | null;

  @Column({ name: 'yellow_warnings', type: 'integer', default: 0 })
  yellowWarnings!: number;

  @Column({ name: 'repeat_offences', type: 'integer', default: 0 })
  repeatOffences!: number;

  @Column({ name: 'last_progress_at', type: 'timestamptz', nullable: true })
  lastProgressAt!: Date | null;

  /** 销号日期: the last closure. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /**
   * When Temporal confirmed the start of `item-<id>`; null while it is starting. Registration
   * commits the row first, so an item is never lost between the row and its workflow: rows still
   * starting are started again (idempotently) until Temporal confirms.
   */
  @Column({ name: 'workflow_started_at', type: 'timestamptz', nullable: true })
  workflowStartedAt!: Date | null;

  /** The assignment a ledger import brought with the row, applied by the workflow as it starts. */
  @Column({ name: 'imported_assignment', type: 'jsonb', nullable: true })
  importedAssignment!: Extract<ItemEvent, { type: 'assigned' }> | null;

  /** The ledger import that registered the row, and the row's 序号 and content hash in its file. */
  @Index('idx_ledger_items_import')
  @Column({ name: 'import_id', type: 'uuid', nullable: true })
  importId!: string | null;

  @Column({ name: 'import_key', type: 'varchar', length: 64, nullable: true })
  importKey!: string | null;

  @Column({ name: 'import_hash', type: 'char', length: 64, nullable: true })
  importHash!: string | null;

  /**
   * When a step of the item's workflow failed for good (bad data) and the item parked: its state
   * unchanged, waiting for a retry (`POST /items/:id/retry`, or the next worker's boot). The next
   * step recorded clears it. Null while the item runs.
   */
  @Column({ name: 'parked_at', type: 'timestamptz', nullable: true })
  parkedAt!: Date | null;

  /** The failure's type and SQLSTATE (`BadData SQLSTATE 23505`), never the values. */
  @Column({ name: 'parked_reason', type: 'varchar', length: 120, nullable: true })
  parkedReason!: string | null;

  /** The workflow step this row shows (events and timers applied); older steps never overwrite it. */
  @Column({ type: 'integer', default: 0 })
  seq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<CampaignEntity>;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<UnitEntity>;
}

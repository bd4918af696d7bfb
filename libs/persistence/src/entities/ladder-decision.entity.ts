import type {
  AccountableDecision,
  AccountableResponsibility,
  DecisionRole,
  DecisionRung,
  DecisionStatus,
  EscalationReason,
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

import { LedgerItemEntity } from './ledger-item.entity.js';

/** Someone an accountability proposal names, with the responsibility they bear. */
export interface DecisionCandidate {
  personId: string;
  responsibility: AccountableResponsibility;
  /** Levels above the responsible unit of the seat they hold (0 for the unit itself). */
  levelsUp: number;
}

/**
 * A decision on the ladder at one desk (issue 18): a rung proposed to a role at a unit, and
 * what that desk did — issued, deferred, declined — or that it let the limit pass and the step
 * went one level up (escalated: the row keeps the desk it stopped on). Keyed by the item core's
 * key, written once by the item's step.
 */
@Entity({ name: 'ladder_decisions' })
@Index('idx_ladder_decisions_campaign_status', ['campaignId', 'status'])
export class LadderDecisionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('uq_ladder_decisions_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  key!: string;

  @Index('idx_ladder_decisions_item')
  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  /** The unit answering for the item. */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  /** The desk: the unit whose role holders decide (levelsUp above the responsible unit). */
  @Index('idx_ladder_decisions_desk')
  @Column({ name: 'desk_unit_id', type: 'uuid' })
  deskUnitId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: DecisionRole;

  @Column({ name: 'levels_up', type: 'smallint' })
  levelsUp!: number;

  /** Who sat at the desk when it reached them. */
  @Column({ name: 'desk_person_ids', type: 'uuid', array: true, default: () => "'{}'" })
  deskPersonIds!: string[];

  @Column({ type: 'varchar', length: 24 })
  rung!: DecisionRung;

  @Column({ type: 'smallint' })
  step!: number;

  @Column({ type: 'smallint' })
  steps!: number;

  @Column({ type: 'varchar', length: 32 })
  reason!: EscalationReason;

  @Column({ type: 'varchar', length: 12 })
  status!: DecisionStatus;

  /** Campaign time it reached the desk, and the desk's limit. */
  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'decide_by', type: 'timestamptz' })
  decideBy!: Date;

  @Column({ name: 'previous_key', type: 'varchar', length: 200, nullable: true })
  previousKey!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  candidates!: DecisionCandidate[];

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'deferred_until', type: 'timestamptz', nullable: true })
  deferredUntil!: Date | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  accountable!: AccountableDecision[];

  @Column({ name: 'document_number', type: 'varchar', length: 40, nullable: true })
  documentNumber!: string | null;

  @Column({ type: 'boolean', default: false })
  rehearsal!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @ManyToOne(() => LedgerItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<LedgerItemEntity>;
}

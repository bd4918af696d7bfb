import type { BulletinReason, CadenceFigures, CadenceKind, LadderRung } from '@campaign/domain';
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

import { CampaignEntity } from './campaign.entity.js';

/**
 * One period's report of a campaign's ledger (DOMAIN.md D5): the monthly dispatch (月调度) or
 * the quarterly bulletin (季通报). Written once, with its unit figures and named items, as the
 * ledger stood at the period's end, and never changed after: it reads the same later. Instants
 * are campaign time except `producedAt` (when the worker produced it).
 */
@Entity({ name: 'cadence_reports' })
@Index('uq_cadence_reports_period', ['campaignId', 'kind', 'period'], { unique: true })
export class CadenceReportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: CadenceKind;

  /** `2027-01` (a month) or `2027-Q1` (a quarter), Asia/Shanghai. */
  @Column({ type: 'varchar', length: 8 })
  period!: string;

  /** The part of the period the campaign covers, [periodStart, periodEnd): as of its end. */
  @Column({ name: 'period_start', type: 'timestamptz' })
  periodStart!: Date;

  @Column({ name: 'period_end', type: 'timestamptz' })
  periodEnd!: Date;

  /** Campaign time it was produced at: after its period's end, later when a worker was down. */
  @Column({ name: 'produced_campaign_at', type: 'timestamptz' })
  producedCampaignAt!: Date;

  @CreateDateColumn({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;

  @Column({ type: 'boolean', default: false })
  rehearsal!: boolean;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<CampaignEntity>;
}

/** A unit's figures in one report: its own items (those registered on it), as of the period's end. */
@Entity({ name: 'cadence_unit_figures' })
export class CadenceUnitFiguresEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  /** The unit's name when the report was produced. */
  @Column({ name: 'unit_name', type: 'varchar', length: 200 })
  unitName!: string;

  @Column({ type: 'jsonb' })
  figures!: CadenceFigures;

  @ManyToOne(() => CadenceReportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Relation<CadenceReportEntity>;
}

/** A rung of the ladder that named an item in the bulletin's period, from the accountability register. */
export interface BulletinRung {
  rung: LadderRung;
  /** Campaign time it fired. */
  at: string;
  reason: string | null;
  documentNumber: string | null;
  /** The register entry's key. */
  key: string;
}

/** An item a bulletin names (点名通报): why, and the rungs that named it in the period. */
@Entity({ name: 'cadence_bulletin_items' })
@Index('idx_cadence_bulletin_items_unit', ['unitId'])
export class CadenceBulletinItemEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  /** The item's unit, for scope. */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'unit_name', type: 'varchar', length: 200 })
  unitName!: string;

  /** 序号 and the problem as the ledger read when the bulletin was produced. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  description!: string;

  /** Status, highest rung and deadline at the period's end. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  rung!: LadderRung | null;

  @Column({ type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @Column({ type: 'varchar', array: true, length: 16 })
  reasons!: BulletinReason[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  rungs!: BulletinRung[];

  @ManyToOne(() => CadenceReportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Relation<CadenceReportEntity>;
}

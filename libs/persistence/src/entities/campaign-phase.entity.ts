import type { Localised, PhaseKind } from '@campaign/domain';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import { CampaignEntity } from './campaign.entity.js';

/** One planned phase of a campaign, and when it actually opened. */
@Entity({ name: 'campaign_phases' })
export class CampaignPhaseEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: PhaseKind;

  @Column({ type: 'smallint' })
  position!: number;

  /** The plan's own name for the phase (e.g. 问题排查); null: the kind's label. */
  @Column({ type: 'jsonb', nullable: true })
  name!: Localised | null;

  /** When the phase opens and ends now (campaign time), after pauses and extensions. */
  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  /** As planned at launch: what the shifts are measured against. */
  @Column({ name: 'planned_starts_at', type: 'timestamptz', nullable: true })
  plannedStartsAt!: Date | null;

  @Column({ name: 'planned_ends_at', type: 'timestamptz', nullable: true })
  plannedEndsAt!: Date | null;

  /** When the phase closed and its gate was judged. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'units_below_gate', type: 'integer', nullable: true })
  unitsBelowGate!: number | null;

  /** Set once, by the projection, when the workflow opens the phase. */
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  /** True when the phase was opened early by an advance. */
  @Column({ name: 'opened_early', type: 'boolean', default: false })
  openedEarly!: boolean;

  @ManyToOne(() => CampaignEntity, (campaign) => campaign.phases, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<CampaignEntity>;
}

import type { PhaseKind } from '@campaign/domain';
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

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

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

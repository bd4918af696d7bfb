import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import { CampaignEntity } from './campaign.entity.js';

/** A unit's standing against a phase gate when the phase closed: stored, so it reads the same later. */
@Entity({ name: 'campaign_gate_results' })
export class GateResultEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @PrimaryColumn({ name: 'phase_index', type: 'smallint' })
  phaseIndex!: number;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'member_owed', type: 'integer' })
  memberOwed!: number;

  @Column({ name: 'member_done', type: 'integer' })
  memberDone!: number;

  @Column({ name: 'unit_owed', type: 'integer' })
  unitOwed!: number;

  @Column({ name: 'unit_done', type: 'integer' })
  unitDone!: number;

  @Column({ type: 'boolean' })
  passed!: boolean;

  /** Campaign time of the evaluation. */
  @Column({ name: 'evaluated_at', type: 'timestamptz' })
  evaluatedAt!: Date;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<CampaignEntity>;
}

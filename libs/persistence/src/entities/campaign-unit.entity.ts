import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';

import { CampaignEntity } from './campaign.entity.js';
import { UnitEntity } from './unit.entity.js';

/** A unit a campaign covers: those of the covered subtree at launch, and those added later. */
@Entity({ name: 'campaign_units' })
export class CampaignUnitEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Index('idx_campaign_units_unit')
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  /** Campaign time it joined the campaign (the launch, or an office's addition). */
  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  /** True when an office added it after the launch. */
  @Column({ name: 'added_later', type: 'boolean', default: false })
  addedLater!: boolean;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<CampaignEntity>;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<UnitEntity>;
}

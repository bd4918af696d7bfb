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
 * What happened in a campaign, as its workflows did it: phases opened and closed, gates judged,
 * reminder batches sent, deadlines passed, admin decisions. The key is deterministic, so a
 * retried or replayed activity records nothing twice. Times are campaign time.
 */
@Entity({ name: 'campaign_events' })
@Index('uq_campaign_events_key', ['campaignId', 'key'], { unique: true })
@Index('idx_campaign_events_time', ['campaignId', 'scheduledAt'])
export class CampaignEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ name: 'phase_index', type: 'smallint', nullable: true })
  phaseIndex!: number | null;

  @Column({ name: 'task_key', type: 'varchar', length: 48, nullable: true })
  taskKey!: string | null;

  /** When the schedule said it would happen. */
  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

  /** When it did. */
  @Column({ name: 'fired_at', type: 'timestamptz' })
  firedAt!: Date;

  /** People or units it concerned (recipients of a reminder batch, owers at a deadline). */
  @Column({ type: 'integer', nullable: true })
  count!: number | null;

  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<CampaignEntity>;
}

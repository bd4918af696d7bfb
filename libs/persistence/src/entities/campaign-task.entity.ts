import type { TaskKind, TaskOwner, TaskStatus } from '@campaign/domain';
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
import { PersonEntity } from './person.entity.js';
import { UnitEntity } from './unit.entity.js';

/**
 * One task owed in a campaign: a member's (person_id set) or a unit's (person_id null, done by
 * its office). Members are rows written in batches, never workflows. Times are campaign time.
 */
@Entity({ name: 'campaign_tasks' })
@Index('uq_campaign_tasks_person', ['campaignId', 'taskKey', 'personId'], {
  unique: true,
  where: 'person_id IS NOT NULL',
})
@Index('uq_campaign_tasks_unit', ['campaignId', 'taskKey', 'unitId'], {
  unique: true,
  where: 'person_id IS NULL',
})
@Index('idx_campaign_tasks_progress', ['campaignId', 'unitId', 'phaseIndex', 'status'])
@Index('idx_campaign_tasks_person', ['personId', 'status'])
export class CampaignTaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'phase_index', type: 'smallint' })
  phaseIndex!: number;

  @Column({ name: 'task_key', type: 'varchar', length: 48 })
  taskKey!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: TaskKind;

  @Column({ type: 'varchar', length: 16 })
  owner!: TaskOwner;

  @Column({ type: 'boolean', default: true })
  required!: boolean;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: TaskStatus;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by_person_id', type: 'uuid', nullable: true })
  completedByPersonId!: string | null;

  /** Given to someone who joined the unit mid-campaign, with a deadline relative to joining. */
  @Column({ type: 'boolean', default: false })
  joined!: boolean;

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

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity> | null;
}

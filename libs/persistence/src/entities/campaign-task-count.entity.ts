import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many task rows stand in each (campaign, unit, phase, task, deadline, status): the read
 * model progress is answered from. PostgreSQL keeps it in step with `campaign_tasks` by
 * statement-level triggers (one upsert per group a statement touched), so a progress query over
 * 10,000 people reads a few hundred rows instead of every task. Overdue is still a question of
 * campaign time: the open rows whose deadline is past.
 */
@Entity({ name: 'campaign_task_counts' })
export class CampaignTaskCountEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @PrimaryColumn({ name: 'phase_index', type: 'smallint' })
  phaseIndex!: number;

  @PrimaryColumn({ name: 'task_key', type: 'varchar', length: 48 })
  taskKey!: string;

  @PrimaryColumn({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'integer' })
  n!: number;
}

import type { CampaignStatus, PhaseKind } from '@campaign/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

import { CampaignPhaseEntity } from './campaign-phase.entity.js';
import { UnitEntity } from './unit.entity.js';

/** The read model of one campaign: what people list and open. Temporal holds what happens next. */
@Entity({ name: 'campaigns' })
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Index('idx_campaigns_covered_unit')
  @Column({ name: 'covered_unit_id', type: 'uuid' })
  coveredUnitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'covered_unit_id' })
  coveredUnit?: Relation<UnitEntity>;

  @Column({ type: 'varchar', length: 16 })
  status!: CampaignStatus;

  @Column({ name: 'current_phase', type: 'varchar', length: 32, nullable: true })
  currentPhase!: PhaseKind | null;

  @Column({ name: 'workflow_id', type: 'varchar', length: 100, unique: true })
  workflowId!: string;

  @Index('idx_campaigns_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => CampaignPhaseEntity, (phase) => phase.campaign)
  phases?: CampaignPhaseEntity[];
}

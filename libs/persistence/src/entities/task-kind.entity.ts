import type { Localised } from '@campaign/domain';
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

import { UnitEntity } from './unit.entity.js';

/**
 * A task kind an office defined for its subtree (an activity of its own plan: 主题党日, 廉政家访…),
 * with what completing it takes. Plans freeze the definition when they use it, so editing or
 * retiring a kind changes no campaign already launched.
 */
@Entity({ name: 'task_kinds' })
export class TaskKindEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_task_kinds_owner')
  @Column({ name: 'owner_unit_id', type: 'uuid' })
  ownerUnitId!: string;

  @Column({ type: 'jsonb' })
  name!: Localised;

  @Column({ name: 'needs_attendance', type: 'boolean', default: false })
  needsAttendance!: boolean;

  @Column({ name: 'needs_evidence', type: 'boolean', default: false })
  needsEvidence!: boolean;

  @Column({ name: 'needs_answers', type: 'boolean', default: false })
  needsAnswers!: boolean;

  @Column({ name: 'created_by_person_id', type: 'uuid' })
  createdByPersonId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /**
   * Set when the office retires the kind: no new plan may use it, while the campaigns already
   * launched with it keep their frozen copy and run on.
   */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'retired_by_person_id', type: 'uuid', nullable: true })
  retiredByPersonId!: string | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_unit_id' })
  ownerUnit?: Relation<UnitEntity>;
}

import type { Localised, PlanSpec } from '@campaign/domain';
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

import { UnitEntity } from './unit.entity.js';

/** An office's edited copy of a template, for its subtree. Built-in templates live in code. */
@Entity({ name: 'plan_templates' })
export class PlanTemplateEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'jsonb' })
  name!: Localised;

  @Column({ type: 'jsonb' })
  description!: Localised;

  @Index('idx_plan_templates_owner')
  @Column({ name: 'owner_unit_id', type: 'uuid' })
  ownerUnitId!: string;

  @Column({ name: 'based_on_id', type: 'uuid', nullable: true })
  basedOnId!: string | null;

  @Column({ type: 'jsonb' })
  plan!: PlanSpec;

  @Column({ name: 'created_by_person_id', type: 'uuid' })
  createdByPersonId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_unit_id' })
  ownerUnit?: Relation<UnitEntity>;
}

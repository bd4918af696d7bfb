import type { UnitKind } from '@campaign/domain';
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

import { PersonEntity } from './person.entity.js';

/**
 * A unit of the organisation tree. `path` is a materialised path (ltree of the ancestors' ids,
 * root first), so "everything under X" is one GiST-indexed `path <@ X.path` query; moving a unit
 * rewrites its subtree's paths in one statement.
 */
@Entity({ name: 'units' })
export class UnitEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Business key the rosters use (import matches on it). */
  @Column({ type: 'varchar', length: 64, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: UnitKind;

  @Index('idx_units_parent')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<UnitEntity> | null;

  /** The GiST index on it is made by the migration (TypeORM cannot describe GiST on ltree). */
  @Index('idx_units_path', { synchronize: false })
  @Column({ type: 'ltree' })
  path!: string;

  /** The unit's party secretary (第一责任人). */
  @Column({ name: 'first_responsible_person_id', type: 'uuid', nullable: true })
  firstResponsiblePersonId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'first_responsible_person_id' })
  firstResponsiblePerson?: Relation<PersonEntity> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The ltree label of a unit: its id without dashes (labels allow [A-Za-z0-9_-] only). */
export function unitPathLabel(unitId: string): string {
  return unitId.replaceAll('-', '');
}

import type { Role } from '@campaign/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  Unique,
} from 'typeorm';

import { PersonEntity } from './person.entity.js';
import { UnitEntity } from './unit.entity.js';

/** A role granted to a person on a unit, valid for the unit's whole subtree. */
@Entity({ name: 'role_grants' })
@Unique('uq_role_grants', ['personId', 'role', 'unitId'])
export class RoleGrantEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_role_grants_person')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity>;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<UnitEntity>;

  @Column({ name: 'granted_by_person_id', type: 'uuid', nullable: true })
  grantedByPersonId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import type { KeyPersonReason, PersonStatus } from '@campaign/domain';
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

/** A member of the organisation (党员干部). A person who leaves keeps their records. */
@Entity({ name: 'people' })
export class PersonEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'staff_number', type: 'varchar', length: 32, unique: true })
  staffNumber!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index('idx_people_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<UnitEntity>;

  @Column({ type: 'varchar', length: 100, default: '' })
  position!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ name: 'is_leader', type: 'boolean', default: false })
  isLeader!: boolean;

  @Column({ name: 'is_key_person', type: 'boolean', default: false })
  isKeyPerson!: boolean;

  @Column({ name: 'key_person_reasons', type: 'varchar', length: 32, array: true, default: '{}' })
  keyPersonReasons!: KeyPersonReason[];

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: PersonStatus;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

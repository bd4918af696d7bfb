import type { CalendarDay } from '@campaign/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

import { PersonEntity } from './person.entity.js';

/**
 * A year of the working-day calendar as an admin entered it from the State Council's notice:
 * for a year the `chinese-days` package does not carry yet, or to correct one it does. It
 * replaces the package's data for that year whole.
 */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  /** Days off, `[{ date: 'YYYY-MM-DD', holiday: DayOffKey }]`. */
  @Column({ type: 'jsonb' })
  holidays!: CalendarDay[];

  /** Make-up working days (调休上班), same shape. */
  @Column({ name: 'makeup_workdays', type: 'jsonb' })
  makeupWorkdays!: CalendarDay[];

  /** Who last changed the year. */
  @Column({ name: 'changed_by_person_id', type: 'uuid', nullable: true })
  changedByPersonId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'changed_by_person_id' })
  changedBy?: Relation<PersonEntity> | null;

  /** When it was last changed. */
  @UpdateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

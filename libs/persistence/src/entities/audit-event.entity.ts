import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The audit trail: append-only, each row carrying the hash of the one before, so a changed or
 * removed row breaks the chain. Records every decision a person makes (who, what, when, why)
 * and, later, every read of confidential data.
 */
@Entity({ name: 'audit_events' })
@Index('idx_audit_events_subject', ['subjectType', 'subjectId'])
@Index('idx_audit_events_actor', ['actorPersonId', 'at'])
export class AuditEventEntity {
  /** Position in the chain, from 1. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  /** Deterministic where the caller has one (an update id), so a retry appends nothing. */
  @Column({ name: 'event_key', type: 'varchar', length: 200, unique: true })
  eventKey!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_person_id', type: 'uuid', nullable: true })
  actorPersonId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;

  /** The request or workflow that made it (request id, update id). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  source!: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One version of a person's six clarifications (六个讲清) in a campaign. Submitted versions are
 * never changed: a correction is the next version. The answers (which items say "nothing to
 * report", and every disclosure's text) are sealed with the key ring (`answers`, key `keyId`);
 * nothing about their content is stored in clear.
 */
@Entity({ name: 'statements' })
@Index('uq_statements_version', ['campaignId', 'personId', 'version'], { unique: true })
export class StatementEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Index('idx_statements_person')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** The person's unit when they submitted: inspectors of that subtree may read it. */
  @Index('idx_statements_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  /** 1 for the first submission, then one more per correction. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'key_id', type: 'varchar', length: 32 })
  keyId!: string;

  /** Sealed JSON: `[{ item, nothingToReport: true } | { item, disclosure }]`. */
  @Column({ type: 'bytea' })
  answers!: Buffer;

  /** Campaign time. */
  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

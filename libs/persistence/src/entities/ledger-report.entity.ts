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

import { LedgerItemEntity } from './ledger-item.entity.js';

export interface EvidenceFile {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** SHA-256 of the content, hex: the storage key, and proof it was not changed. */
  sha256: string;
}

/**
 * What people write on an item: progress and completion reports (with evidence), and the
 * inspectors' and office's records — an admonishment talk (约谈), a repeat offence, a periodic
 * review, a look-back, a case summary (一案一总结).
 */
export type ItemRecordKind =
  | 'progress'
  | 'completion'
  | 'talk'
  | 'offence'
  | 'review'
  | 'look_back'
  | 'spot_check'
  | 'summary';

/** A record on an item; progress and completion are the responsible person's, the rest inspectors' or the office's. */
@Entity({ name: 'ledger_reports' })
export class LedgerReportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_ledger_reports_item')
  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ItemRecordKind;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  link!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  files!: EvidenceFile[];

  /** What a record beyond progress holds: a talk's day and attendees, a loophole tag, an outcome. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column({ name: 'reported_by_person_id', type: 'uuid' })
  reportedByPersonId!: string;

  /** Campaign time. */
  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => LedgerItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<LedgerItemEntity>;
}

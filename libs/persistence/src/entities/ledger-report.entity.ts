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

/** A progress report (`progress`) or the completion submitted for verification (`completion`). */
@Entity({ name: 'ledger_reports' })
export class LedgerReportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_ledger_reports_item')
  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'progress' | 'completion';

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  link!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  files!: EvidenceFile[];

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

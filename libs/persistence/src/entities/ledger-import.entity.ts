import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';

import { CampaignEntity } from './campaign.entity.js';

/**
 * One ledger import (`POST /api/v1/campaigns/:id/ledger/import`): the file's hash (the same file
 * imported again is the same import, and changes nothing), who imported it, and the counts. How
 * many of its items' workflows are still starting is read from the items themselves.
 */
@Entity({ name: 'ledger_imports' })
@Index('uq_ledger_imports_file', ['campaignId', 'fileHash'], { unique: true })
export class LedgerImportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  /** SHA-256 of the uploaded bytes. */
  @Column({ name: 'file_hash', type: 'char', length: 64 })
  fileHash!: string;

  @Column({ name: 'imported_by_person_id', type: 'uuid' })
  importedByPersonId!: string;

  /** Rows of the file. */
  @Column({ type: 'integer' })
  rows!: number;

  /** Items this import registered. */
  @Column({ type: 'integer' })
  created!: number;

  /** Rows already in the ledger from an earlier import, identical. */
  @Column({ type: 'integer' })
  unchanged!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;
}

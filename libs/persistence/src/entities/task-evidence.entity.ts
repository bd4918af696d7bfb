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

import { CampaignTaskEntity } from './campaign-task.entity.js';

export type EvidenceKind = 'text' | 'file' | 'link' | 'answers' | 'attendance';

/** Evidence of a completed task: text, a stored file (with its SHA-256), a link, or answers. */
@Entity({ name: 'task_evidence' })
export class TaskEvidenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_task_evidence_task')
  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: EvidenceKind;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** 三问三答: the three answers, in order. */
  @Column({ type: 'jsonb', nullable: true })
  answers!: string[] | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url!: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ name: 'content_type', type: 'varchar', length: 100, nullable: true })
  contentType!: string | null;

  @Column({ name: 'size_bytes', type: 'integer', nullable: true })
  sizeBytes!: number | null;

  /** SHA-256 of the file's content, hex: the storage key, and proof it was not changed. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ name: 'recorded_by_person_id', type: 'uuid' })
  recordedByPersonId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => CampaignTaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<CampaignTaskEntity>;
}

import type { ItemStatus } from '@campaign/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';

import { LedgerItemEntity } from './ledger-item.entity.js';

/**
 * One line of an item's timeline: an event a person caused (who, from which request) or a timer
 * that fired, keyed by the core's deterministic key so a retried step writes it once.
 */
@Entity({ name: 'ledger_item_events' })
@Index('idx_ledger_item_events_item', ['itemId', 'seq'])
export class LedgerItemEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index('uq_ledger_item_events_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  /** An event type (`assigned`), or `timer:<kind>` for a timer. */
  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_person_id', type: 'uuid', nullable: true })
  actorPersonId!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  /** The status after it. */
  @Column({ type: 'varchar', length: 16 })
  status!: ItemStatus;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => LedgerItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<LedgerItemEntity>;
}

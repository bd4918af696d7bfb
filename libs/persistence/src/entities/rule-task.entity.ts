import type { RuleTaskKind } from '@campaign/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A rule-making task (建章立制: abolish, amend or establish a rule), linked to the ledger items
 * whose problems revealed the loophole. Proposed by a case summary's loophole tag (one per
 * summary, `originKey`) or by the office; once given an owner and a deadline it is tracked as a
 * ledger item of its own (`itemId`, source `rule_making`), with its reminders and ladder.
 */
@Entity({ name: 'rule_tasks' })
@Index('idx_rule_tasks_campaign', ['campaignId', 'unitId'])
export class RuleTaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  kind!: RuleTaskKind | null;

  @Column({ type: 'text' })
  title!: string;

  /** The loophole tag of the case summary that proposed it. */
  @Column({ name: 'loophole_tag', type: 'varchar', length: 100, nullable: true })
  loopholeTag!: string | null;

  @Column({ name: 'linked_item_ids', type: 'uuid', array: true, default: () => "'{}'" })
  linkedItemIds!: string[];

  /** The ledger item that tracks it once assigned; null while only proposed. */
  @Column({ name: 'item_id', type: 'uuid', nullable: true, unique: true })
  itemId!: string | null;

  /** The case summary effect that proposed it, so a retried step proposes it once. */
  @Column({ name: 'origin_key', type: 'varchar', length: 200, nullable: true, unique: true })
  originKey!: string | null;

  @Column({ name: 'created_by_person_id', type: 'uuid', nullable: true })
  createdByPersonId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

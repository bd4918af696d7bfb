import type { NotificationParams, NotificationStatus } from '@campaign/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  Unique,
} from 'typeorm';

import { CampaignEntity } from './campaign.entity.js';
import { PersonEntity } from './person.entity.js';

export type NotificationChannelColumn = 'inbox' | 'email';
export type NotificationUrgencyColumn = 'reminder' | 'escalation';

/**
 * One message to one person on one channel. The dedupe key with the channel is unique, so the
 * same logical message can never be stored (and so never sent) twice. Only the template key and
 * its parameters are kept: the text is rendered in the reader's language when it is sent or read.
 */
@Entity({ name: 'notifications' })
@Unique('uq_notifications_dedupe', ['dedupeKey', 'channel'])
@Check('chk_notifications_channel', `"channel" IN ('inbox', 'email')`)
@Check('chk_notifications_urgency', `"urgency" IN ('reminder', 'escalation')`)
@Check(
  'chk_notifications_status',
  `"status" IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'held', 'digested', 'delivered')`,
)
// The inbox: a person's rows, newest first.
@Index('idx_notifications_inbox', ['recipientPersonId', 'createdAt'], {
  where: `"channel" = 'inbox'`,
})
// What the sweep looks at: e-mails still to send (few rows, however many were ever sent).
@Index('idx_notifications_due', ['nextAttemptAt'], { where: `"status" IN ('pending', 'sending')` })
// Reminders waiting for a daily digest.
@Index('idx_notifications_held', ['recipientPersonId'], { where: `"status" = 'held'` })
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 300 })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 8 })
  channel!: NotificationChannelColumn;

  @Column({ name: 'recipient_person_id', type: 'uuid' })
  recipientPersonId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_person_id' })
  recipient?: Relation<PersonEntity>;

  @Index('idx_notifications_campaign')
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId!: string | null;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<CampaignEntity>;

  @Column({ type: 'boolean', default: false })
  rehearsal!: boolean;

  @Column({ name: 'template_key', type: 'varchar', length: 64 })
  templateKey!: string;

  @Column({ type: 'jsonb' })
  params!: NotificationParams;

  /** The batch that enqueued it (a reminder run, a gate evaluation): what delivery works through. */
  @Index('idx_notifications_batch')
  @Column({ name: 'batch_key', type: 'varchar', length: 200 })
  batchKey!: string;

  @Column({ type: 'varchar', length: 16 })
  urgency!: NotificationUrgencyColumn;

  @Column({ type: 'varchar', length: 16 })
  status!: NotificationStatus;

  /** Delivery attempts made so far (e-mail); also the fencing token of the current claim. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the sweep may try it next (e-mail still to send). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  /** While `sending`: until when the sender that claimed it owns it. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  /** The last outcome in words: the SMTP server's answer, or why it was skipped. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  result!: string | null;

  /** The Message-ID the mail carries, derived from the dedupe key: the same on every attempt. */
  @Column({ name: 'message_id', type: 'varchar', length: 200, nullable: true })
  messageId!: string | null;

  /** For a reminder that went out inside a digest: the digest's own row. */
  @Index('idx_notifications_digest')
  @Column({ name: 'digest_id', type: 'uuid', nullable: true })
  digestId!: string | null;

  @ManyToOne(() => NotificationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'digest_id' })
  digest?: Relation<NotificationEntity>;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

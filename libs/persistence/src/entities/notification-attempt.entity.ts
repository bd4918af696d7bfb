import type { DeliveryOutcome } from '@campaign/domain';
import {
  Check,
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  Unique,
} from 'typeorm';

import { NotificationEntity } from './notification.entity.js';

/**
 * Every delivery attempt of an e-mail notification, kept for the record (who was warned, when,
 * and what the mail server said). Never the message itself: it can be rendered again from the
 * notification, and bodies have no place in logs or error records.
 */
@Entity({ name: 'notification_attempts' })
@Unique('uq_notification_attempts', ['notificationId', 'attempt'])
@Check('chk_notification_attempts_outcome', `"outcome" IN ('sent', 'retry', 'failed', 'skipped')`)
export class NotificationAttemptEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  @ManyToOne(() => NotificationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Relation<NotificationEntity>;

  /** 1 for the first attempt; matches the notification's `attempts` when it was made. */
  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  outcome!: DeliveryOutcome;

  /** What went wrong, as a class: `SmtpTransient`, `SmtpRejected`, `Connection`, `NoAddress`… */
  @Column({ name: 'error_class', type: 'varchar', length: 64, nullable: true })
  errorClass!: string | null;

  /** The SMTP reply code (250, 451, 550…) when the server answered. */
  @Column({ name: 'smtp_code', type: 'integer', nullable: true })
  smtpCode!: number | null;

  /** The server's reply line, shortened. */
  @Column({ name: 'smtp_response', type: 'varchar', length: 500, nullable: true })
  smtpResponse!: string | null;
}

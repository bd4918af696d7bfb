import type { Language, ReminderDelivery } from '@campaign/domain';
import {
  Check,
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

import { PersonEntity } from './person.entity.js';

/** How a person wants to be notified. Without a row: zh-CN, reminders by immediate e-mail. */
@Entity({ name: 'notification_preferences' })
@Check('chk_notification_preferences_language', `"language" IN ('zh-CN', 'en')`)
@Check(
  'chk_notification_preferences_delivery',
  `"reminder_delivery" IN ('immediate', 'daily_digest')`,
)
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @OneToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity>;

  @Column({ type: 'varchar', length: 8, default: 'zh-CN' })
  language!: Language;

  @Column({ name: 'reminder_delivery', type: 'varchar', length: 16, default: 'immediate' })
  reminderDelivery!: ReminderDelivery;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import {
  type Language,
  LANGUAGES,
  REMINDER_DELIVERIES,
  type ReminderDelivery,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

import { LabelledView } from '../../common/labelled.js';
import { PageNumber, PageSize } from '../../common/shapes.js';

export class ListNotificationsQueryDto {
  @ApiPropertyOptional({ default: 1 })
  @PageNumber()
  page = 1;

  @ApiPropertyOptional({ default: 20 })
  @PageSize(100)
  pageSize = 20;

  @ApiPropertyOptional({ description: 'Only unread entries' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  unread?: boolean;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Template of the message, e.g. task_reminder' }) templateKey!: string;
  @ApiProperty({ description: "In the caller's language (Accept-Language)" }) subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ description: 'From a rehearsal campaign (also marked in subject and body)' })
  rehearsal!: boolean;
  @ApiProperty({ enum: ['reminder', 'escalation'] }) urgency!: 'reminder' | 'escalation';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) campaignId!: string | null;
  @ApiProperty() read!: boolean;
  @ApiProperty({ nullable: true, type: String }) readAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class NotificationPageView {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class MarkedReadView {
  @ApiProperty({ description: 'How many entries were unread and are now read' }) marked!: number;
}

export class NotificationPreferencesDto {
  @ApiProperty({ enum: LANGUAGES, description: 'Language of e-mails (zh-CN by default)' })
  @IsIn(LANGUAGES)
  language!: Language;

  @ApiProperty({
    enum: REMINDER_DELIVERIES,
    description: 'Reminders by e-mail at once, or in one digest a day at 08:00 (Beijing time)',
  })
  @IsIn(REMINDER_DELIVERIES)
  reminderDelivery!: ReminderDelivery;
}

export class NotificationPreferencesView {
  @ApiProperty({ enum: LANGUAGES }) language!: Language;
  @ApiProperty({ type: LabelledView }) reminderDelivery!: LabelledView;
}

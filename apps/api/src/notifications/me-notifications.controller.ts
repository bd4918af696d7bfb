import { label, type Language, NotFoundError, renderNotification } from '@campaign/domain';
import { type NotificationEntity, NotificationRepository } from '@campaign/persistence';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { uuidParam } from '../common/uuid-param.js';
import {
  ListNotificationsQueryDto,
  MarkedReadView,
  NotificationPageView,
  NotificationPreferencesDto,
  NotificationPreferencesView,
  NotificationView,
} from './dto/notification.dto.js';

/** One inbox entry in the reader's language. */
function notificationView(row: NotificationEntity, language: Language): NotificationView {
  let text: { subject: string; body: string };
  try {
    text = renderNotification(row.templateKey, row.params, language, { rehearsal: row.rehearsal });
  } catch {
    // A template retired since the row was written must not break the whole inbox.
    text = { subject: row.templateKey, body: '' };
  }
  return {
    id: row.id,
    templateKey: row.templateKey,
    ...text,
    rehearsal: row.rehearsal,
    urgency: row.urgency,
    campaignId: row.campaignId,
    read: row.readAt !== null,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The caller's own notifications and how they want them: nobody reads another's inbox. */
@ApiTags('me')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('me')
export class MeNotificationsController {
  constructor(private readonly notifications: NotificationRepository) {}

  /** My inbox: unread first, then newest. */
  @Get('notifications')
  @Policy('authenticated')
  @ApiOkResponse({ type: NotificationPageView })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListNotificationsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<NotificationPageView> {
    const { items, total } = await this.notifications.inbox(principal.personId, {
      unreadOnly: query.unread,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    return {
      items: items.map((row) => notificationView(row, language)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  /** Marks one of my notifications read (reading it again changes nothing). */
  @Post('notifications/:id/read')
  @Policy('authenticated')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationView })
  @ApiNotFoundResponse({ description: 'Not one of my notifications' })
  async markRead(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<NotificationView> {
    const row = await this.notifications.markRead(principal.personId, id);
    if (!row) throw new NotFoundError('notification', id);
    return notificationView(row, language);
  }

  /** Marks all my notifications read. */
  @Post('notifications/read-all')
  @Policy('authenticated')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedReadView })
  async markAllRead(@CurrentPrincipal() principal: Principal): Promise<MarkedReadView> {
    return { marked: await this.notifications.markAllRead(principal.personId) };
  }

  @Get('notification-preferences')
  @Policy('authenticated')
  @ApiOkResponse({ type: NotificationPreferencesView })
  async preferences(
    @CurrentPrincipal() principal: Principal,
    @RequestLanguage() language: Language,
  ): Promise<NotificationPreferencesView> {
    return preferencesView(await this.notifications.preferences(principal.personId), language);
  }

  /** Sets my e-mail language and whether reminders come at once or in a daily digest. */
  @Put('notification-preferences')
  @Policy('authenticated')
  @ApiOkResponse({ type: NotificationPreferencesView })
  async setPreferences(
    @CurrentPrincipal() principal: Principal,
    @Body() body: NotificationPreferencesDto,
    @RequestLanguage() language: Language,
  ): Promise<NotificationPreferencesView> {
    const saved = await this.notifications.setPreferences(principal.personId, {
      language: body.language,
      reminderDelivery: body.reminderDelivery,
    });
    return preferencesView(saved, language);
  }
}

function preferencesView(
  prefs: { language: Language; reminderDelivery: NotificationPreferencesDto['reminderDelivery'] },
  language: Language,
): NotificationPreferencesView {
  return {
    language: prefs.language,
    reminderDelivery: {
      code: prefs.reminderDelivery,
      label: label('reminderDelivery', prefs.reminderDelivery, language),
    },
  };
}

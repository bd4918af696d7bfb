import { Module } from '@nestjs/common';

import { MeNotificationsController } from './me-notifications.controller.js';

@Module({ controllers: [MeNotificationsController] })
export class NotificationsModule {}

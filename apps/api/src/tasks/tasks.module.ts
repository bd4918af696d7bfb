import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [CampaignsModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}

import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ItemsController } from './items.controller.js';
import { ItemsService } from './items.service.js';

@Module({
  imports: [CampaignsModule],
  controllers: [ItemsController],
  providers: [ItemsService],
})
export class ItemsModule {}

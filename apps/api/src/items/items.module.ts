import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ItemStarter } from './item-starter.js';
import { ItemsController } from './items.controller.js';
import { ItemsService } from './items.service.js';
import { LedgerImportService } from './ledger-import.service.js';

@Module({
  imports: [CampaignsModule],
  controllers: [ItemsController],
  providers: [ItemsService, ItemStarter, LedgerImportService],
  exports: [ItemsService, ItemStarter],
})
export class ItemsModule {}

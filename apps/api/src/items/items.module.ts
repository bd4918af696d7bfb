import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ItemAccess } from './item-access.service.js';
import { ItemCommandsService } from './item-commands.service.js';
import { ItemEvidenceService } from './item-evidence.service.js';
import { ItemMoves } from './item-moves.service.js';
import { ItemQueriesService } from './item-queries.service.js';
import { ItemStarter } from './item-starter.js';
import { ItemsController } from './items.controller.js';
import { LedgerExportService } from './ledger-export.service.js';
import { LedgerImportService } from './ledger-import.service.js';

@Module({
  imports: [CampaignsModule],
  controllers: [ItemsController],
  providers: [
    ItemAccess,
    ItemCommandsService,
    ItemEvidenceService,
    ItemMoves,
    ItemQueriesService,
    ItemStarter,
    LedgerExportService,
    LedgerImportService,
  ],
  exports: [ItemCommandsService, ItemMoves, ItemQueriesService, ItemStarter],
})
export class ItemsModule {}

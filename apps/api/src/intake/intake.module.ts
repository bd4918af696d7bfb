import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ItemsModule } from '../items/items.module.js';
import { ProblemsController } from './problems.controller.js';
import { ProblemsService } from './problems.service.js';
import { StatementsController } from './statements.controller.js';
import { StatementsService } from './statements.service.js';

/** Self-check and problem intake (D4): problems, statements, tip-offs, integrity files. */
@Module({
  imports: [ItemsModule, CampaignsModule],
  controllers: [ProblemsController, StatementsController],
  providers: [ProblemsService, StatementsService],
  exports: [ProblemsService],
})
export class IntakeModule {}

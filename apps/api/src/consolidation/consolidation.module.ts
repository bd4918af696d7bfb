import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ItemsModule } from '../items/items.module.js';
import { AssessmentController } from './assessment.controller.js';
import { AssessmentService } from './assessment.service.js';
import { RuleTasksController } from './rule-tasks.controller.js';
import { RuleTasksService } from './rule-tasks.service.js';

/** Consolidation and assessment (DOMAIN.md D6, D8): rule-making tasks, summaries, 考核. */
@Module({
  imports: [CampaignsModule, ItemsModule],
  controllers: [RuleTasksController, AssessmentController],
  providers: [RuleTasksService, AssessmentService],
})
export class ConsolidationModule {}

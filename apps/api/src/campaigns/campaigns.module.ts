import { Module } from '@nestjs/common';

import { OrgModule } from '../org/org.module.js';
import { PlansModule } from '../plans/plans.module.js';
import { CampaignEventsService } from './campaign-events.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';
import { LaunchReconciler } from './launch-reconciler.js';
import { ProgressService } from './progress.service.js';

@Module({
  imports: [OrgModule, PlansModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, ProgressService, CampaignEventsService, LaunchReconciler],
  exports: [CampaignsService],
})
export class CampaignsModule {}

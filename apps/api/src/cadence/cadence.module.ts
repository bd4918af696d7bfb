import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { CadenceController } from './cadence.controller.js';
import { CadenceService } from './cadence.service.js';

@Module({
  imports: [CampaignsModule],
  controllers: [CadenceController],
  providers: [CadenceService],
})
export class CadenceModule {}

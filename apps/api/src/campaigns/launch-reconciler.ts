import { LOGGER, type Logger } from '@campaign/config';
import { CampaignReadModelRepository } from '@campaign/persistence';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import { StartReconciler } from '../temporal/start-reconciler.js';
import { CampaignsService } from './campaigns.service.js';

const BATCH = 50;

/** Launches whose workflow start Temporal never confirmed wait as `launching`; this starts them. */
@Injectable()
export class LaunchReconciler implements OnModuleInit {
  constructor(
    private readonly readModel: CampaignReadModelRepository,
    private readonly campaigns: CampaignsService,
    private readonly reconciler: StartReconciler,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('campaign launches', async (before) => {
      let started = 0;
      for (const campaign of await this.readModel.unconfirmedLaunches(before, BATCH)) {
        await this.campaigns.start(campaign);
        started++;
        this.logger.info({ campaignId: campaign.id }, 'unconfirmed launch started');
      }
      return started;
    });
  }
}

import { LOGGER, type Logger } from '@campaign/config';
import { unitMembersChangedSignal, unitWorkflowId } from '@campaign/contracts';
import { CampaignReadModelRepository } from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';

import { BestEffortTemporal } from './best-effort.js';

/**
 * Tells the unit workflows of running campaigns that people joined or left their units, so
 * joiners get the plan's tasks and leavers' open tasks close at once. Best effort: each unit
 * workflow also re-checks its people whenever a phase opens, so a lost signal only delays.
 */
@Injectable()
@BestEffortTemporal()
export class MembershipNotifier {
  constructor(
    private readonly readModel: CampaignReadModelRepository,
    private readonly temporal: Client,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async unitsChanged(unitIds: Iterable<string>): Promise<void> {
    const targets = await this.readModel.runningCampaignsCovering([...new Set(unitIds)]);
    await Promise.all(
      targets.map(({ campaignId, unitId }) =>
        this.temporal.workflow
          .getHandle(unitWorkflowId(campaignId, unitId))
          .signal(unitMembersChangedSignal)
          .catch((error: unknown) =>
            this.logger.warn(
              { campaignId, unitId, err: error instanceof Error ? error.name : typeof error },
              'could not tell a unit workflow its people changed',
            ),
          ),
      ),
    );
  }
}

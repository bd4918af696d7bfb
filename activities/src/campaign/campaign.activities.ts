import {
  type CampaignActivities,
  type CampaignPhaseChange,
  campaignWorkflowId,
  type CampaignWorkflowInput,
} from '@campaign/contracts';
import { CampaignReadModelRepository } from '@campaign/persistence';

import type { ActivityDeps } from '../deps.js';

/** Campaign activities. Each write is idempotent, so Temporal's retries are safe. */
export function createCampaignActivities({ dataSource }: ActivityDeps): CampaignActivities {
  const readModel = new CampaignReadModelRepository(dataSource);
  return {
    async projectCampaignCreated(input: CampaignWorkflowInput): Promise<void> {
      await readModel.insertPlanned(input, campaignWorkflowId(input.campaignId));
    },
    async projectCampaignPhase(change: CampaignPhaseChange): Promise<void> {
      await readModel.recordPhaseChange(change);
    },
  };
}

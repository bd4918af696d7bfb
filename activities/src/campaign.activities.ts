import {
  type CampaignActivities,
  type CampaignPhaseChange,
  campaignWorkflowId,
  type CampaignWorkflowInput,
} from '@campaign/contracts';
import type { CampaignReadModelRepository } from '@campaign/persistence';

export interface CampaignActivityDeps {
  readModel: CampaignReadModelRepository;
}

/**
 * Builds the campaign activities from injected services (the worker passes Nest-managed
 * instances; tests pass their own). Each write is idempotent, so Temporal's retries are safe.
 */
export function createCampaignActivities({ readModel }: CampaignActivityDeps): CampaignActivities {
  return {
    async projectCampaignCreated(input: CampaignWorkflowInput): Promise<void> {
      await readModel.insertPlanned(input, campaignWorkflowId(input.campaignId));
    },
    async projectCampaignPhase(change: CampaignPhaseChange): Promise<void> {
      await readModel.recordPhaseChange(change);
    },
  };
}

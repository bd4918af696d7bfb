import { CampaignEntity } from './campaign.entity.js';
import { CampaignPhaseEntity } from './campaign-phase.entity.js';

export { CampaignEntity, CampaignPhaseEntity };

/** Every entity, for the one DataSource definition. */
export const ENTITIES = [CampaignEntity, CampaignPhaseEntity];

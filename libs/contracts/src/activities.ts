import type { CampaignActivities } from './campaign.js';

/** Every activity the worker registers, across contexts: what `createActivities` returns. */
export type Activities = CampaignActivities;

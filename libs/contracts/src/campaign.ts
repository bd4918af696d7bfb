import type { CampaignPlan, CampaignStatus, PhaseKind } from '@campaign/domain';
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Workflow ids are business keys, never names or timestamps. */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}

export interface CampaignWorkflowInput {
  campaignId: string;
  plan: CampaignPlan;
}

/** The live state the workflow answers queries with. */
export interface CampaignState {
  campaignId: string;
  status: CampaignStatus;
  /** Index into the plan's phases of the current phase, or null before the first opens. */
  phaseIndex: number | null;
  currentPhase: PhaseKind | null;
}

export const getCampaignStateQuery = defineQuery<CampaignState>('getCampaignState');

/**
 * Moves the campaign into its next phase now rather than at the planned start. Rejected by the
 * validator once the campaign is in its last phase or has completed.
 */
export const advancePhaseUpdate = defineUpdate<CampaignState>('advancePhase');

/** ApplicationFailure type the update validator uses, so the API can answer 409. */
export const NO_NEXT_PHASE = 'NoNextPhase';

/** One change the campaign projection writes to the read model. */
export interface CampaignPhaseChange {
  campaignId: string;
  status: CampaignStatus;
  phase: PhaseKind | null;
  /** Workflow time at which the change happened (ISO-8601). */
  at: string;
  /** True when the phase opened early through an advance rather than on its planned date. */
  advanced: boolean;
}

/** Activities the campaign workflow calls; implemented in activities/, typed here. */
export interface CampaignActivities {
  /** Idempotent upsert of the campaign row, keyed by campaign id. */
  projectCampaignCreated(input: CampaignWorkflowInput): Promise<void>;
  /** Idempotent: replaying the same change writes nothing new. */
  projectCampaignPhase(change: CampaignPhaseChange): Promise<void>;
}

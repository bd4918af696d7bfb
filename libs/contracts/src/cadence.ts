import type { CadenceKind, ClockSpec } from '@campaign/domain';

import type { CampaignWorkflowInput } from './campaign.js';

/** Workflow type name of the cadence workflow (workflows/src/cadence). */
export const CADENCE_WORKFLOW = 'cadenceWorkflow';

/** One per campaign, a business key: the launch (and its reconciler) start it idempotently. */
export function cadenceWorkflowId(campaignId: string): string {
  return `cadence-${campaignId}`;
}

/**
 * Input of `cadenceWorkflow`: the campaign's clock and its span in campaign time (the first
 * phase's start to the last phase's end), from the campaign's row at launch. The span can move
 * later (pauses, extensions): each production answers the campaign's end as it stands.
 */
export interface CadenceWorkflowInput {
  campaignId: string;
  clock: ClockSpec;
  startsAt: number;
  endsAt: number;
  /**
   * The half-year analysis (半年分析) as well: set at launch for cadences started since it
   * existed; absent from older ones, which keep producing what they always did.
   */
  halfYear?: boolean;
  /** Carried over continue-as-new: the periods produced (`dispatch:2027-01`, `bulletin:2027-Q1`). */
  done?: string[];
  /**
   * Tests only: continue as new once the run's history holds this many events, as well as when
   * Temporal suggests it, so a test drives the workflow through continue-as-new in seconds.
   */
  continueAsNewAfterEvents?: number;
}

/** One period's report to produce: a month's dispatch or a quarter's bulletin. */
export interface CadenceReportRequest {
  campaignId: string;
  kind: CadenceKind;
  /** `2027-01` or `2027-Q1`. */
  period: string;
  /** Campaign instants (epoch ms): the period as the campaign covers it, [from, to). */
  from: number;
  to: number;
  /** Campaign time the workflow took it at (its own clock: late when a worker was down). */
  at: number;
}

export interface CadenceReportResult {
  /** False when the report existed already: a second producer changes nothing. */
  created: boolean;
  /**
   * The campaign's end (campaign time) as it stands now: its last phase's end after pauses and
   * extensions, or when it was cancelled. No period after it is owed.
   */
  campaignEndsAt: number;
}

/** Activities of the cadence workflow. */
export interface CadenceActivities {
  /**
   * Produces one period's dispatch or bulletin, as the ledger stood at the period's end (from
   * the items' timelines and the accountability register, so a late one reads as an on-time
   * one would have), once: keyed on (campaign, kind, period) by a unique index.
   */
  produceCadenceReport(request: CadenceReportRequest): Promise<CadenceReportResult>;
}

/**
 * The cadence of a campaign, from its workflow's input: its clock and its span, the first
 * phase's start to the last phase's end (campaign time).
 */
export function cadenceWorkflowInput(campaign: CampaignWorkflowInput): CadenceWorkflowInput {
  const phases = campaign.engine?.resolved.phases ?? campaign.plan.phases;
  return {
    campaignId: campaign.campaignId,
    clock: campaign.engine?.clock ?? { timeScale: 1, campaignAnchor: 0, workflowAnchor: 0 },
    startsAt: Math.min(...phases.map((p) => Date.parse(p.startsAt))),
    endsAt: Math.max(...phases.map((p) => Date.parse(p.endsAt))),
    halfYear: true,
  };
}

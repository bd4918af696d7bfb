/**
 * Campaign time ↔ workflow time. Every timer a workflow arms for a campaign goes through this
 * clock, and nothing else converts plan times. A real campaign's clock is the identity; a
 * rehearsal's starts the plan at the launch instant and runs `timeScale` times faster, so an
 * office can watch months of a plan in minutes.
 *
 * Pure and serialisable (`ClockSpec`), so workflows, activities and the API build the same
 * clock from a campaign's frozen input.
 */
export interface ClockSpec {
  /** Campaign milliseconds per workflow millisecond: 1 for a real campaign. */
  timeScale: number;
  /** The campaign instant (ms) that corresponds to `workflowAnchor`. */
  campaignAnchor: number;
  /** The workflow (wall) instant (ms) the campaign anchor maps to: the launch for a rehearsal. */
  workflowAnchor: number;
}

export const MAX_TIME_SCALE = 10_000_000;

export class CampaignClock {
  static readonly real: ClockSpec = { timeScale: 1, campaignAnchor: 0, workflowAnchor: 0 };

  constructor(readonly spec: ClockSpec = CampaignClock.real) {
    if (!(spec.timeScale >= 1 && spec.timeScale <= MAX_TIME_SCALE)) {
      throw new RangeError(`timeScale must be between 1 and ${MAX_TIME_SCALE}`);
    }
  }

  /** A rehearsal clock: campaign instant `planStart` happens at `launchedAt`, `timeScale` times faster. */
  static rehearsal(planStart: number, launchedAt: number, timeScale: number): CampaignClock {
    return new CampaignClock({ timeScale, campaignAnchor: planStart, workflowAnchor: launchedAt });
  }

  get isReal(): boolean {
    return this.spec.timeScale === 1 && this.spec.campaignAnchor === this.spec.workflowAnchor;
  }

  /** The workflow instant at which campaign instant `campaignMs` happens. */
  toWorkflow(campaignMs: number): number {
    const { timeScale, campaignAnchor, workflowAnchor } = this.spec;
    return workflowAnchor + (campaignMs - campaignAnchor) / timeScale;
  }

  /** The campaign instant it is at workflow instant `workflowMs`. */
  toCampaign(workflowMs: number): number {
    const { timeScale, campaignAnchor, workflowAnchor } = this.spec;
    return Math.round(campaignAnchor + (workflowMs - workflowAnchor) * timeScale);
  }

  /** Workflow milliseconds to wait, from workflow instant `nowWorkflowMs`, until campaign instant `campaignMs`. */
  waitMs(campaignMs: number, nowWorkflowMs: number): number {
    return Math.max(0, Math.ceil(this.toWorkflow(campaignMs) - nowWorkflowMs));
  }
}

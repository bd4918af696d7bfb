/**
 * The four phases of an education & rectification campaign (DOMAIN.md D2), in the order a
 * campaign walks them.
 */
export const PHASE_KINDS = ['study', 'self_check', 'rectification', 'consolidation'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export function isPhaseKind(value: unknown): value is PhaseKind {
  return typeof value === 'string' && (PHASE_KINDS as readonly string[]).includes(value);
}

/**
 * Where a campaign stands as a whole: `launching` until its workflow confirms the start,
 * `holding` while a failed gate waits for the office's decision.
 */
export const CAMPAIGN_STATUSES = [
  'launching',
  'scheduled',
  'active',
  'paused',
  'holding',
  'completed',
  'cancelled',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

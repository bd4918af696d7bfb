/** A task row's state: open until done; `left` when its person left; `cancelled` with its campaign. */
export const TASK_STATUSES = ['open', 'done', 'left', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Red / yellow / green, as supervisors read progress. */
export const PROGRESS_STATUSES = ['green', 'yellow', 'red'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** What the forecast and the campaign timeline list. */
export const CAMPAIGN_EVENT_KINDS = [
  'phase_open',
  'gate_evaluation',
  'task_due',
  'reminder',
  'holiday_reminder',
  'ladder_rung',
  'schedule_shift',
] as const;
export type CampaignEventKind = (typeof CAMPAIGN_EVENT_KINDS)[number];

/** Share of overdue tasks above which a unit is red even before its gate is judged. */
export const RED_OVERDUE_SHARE = 0.2;

/**
 * A unit's standing in a phase: red when it failed the phase gate or a fifth of what it owes
 * is overdue; yellow when anything is overdue, or the phase has closed below the gate's share
 * without the gate being judged yet; green otherwise.
 */
export function progressStatus(p: {
  owed: number;
  done: number;
  overdue: number;
  gatePassed: boolean | null;
}): ProgressStatus {
  if (p.gatePassed === false) return 'red';
  if (p.owed > 0 && p.overdue / p.owed > RED_OVERDUE_SHARE) return 'red';
  if (p.overdue > 0) return 'yellow';
  return 'green';
}

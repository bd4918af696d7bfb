import { DAY_MS, dayOf } from '../calendar/days.js';
import type { Violation } from '../errors.js';
import { deadlineOfDay } from '../time/duration.js';

/**
 * The last day an item of a campaign may be due (Asia/Shanghai, campaign time): the day the
 * campaign's last phase ends, plus a horizon (LEDGER_DEADLINE_HORIZON_DAYS, a year by default).
 * Items may outlive their campaign — long-term ones (长期坚持) are reviewed on, and a ledger is
 * settled at year end (年底交账) — but not for ever: a deadline in year 9999 never reaches the
 * escalation ladder, so nobody would be reminded or answer for it.
 */
export function latestDeadlineDay(campaignEnd: number, horizonDays: number): string {
  return dayOf(campaignEnd + horizonDays * DAY_MS);
}

/**
 * The one bound on a deadline (assignment, extension request and decision, ledger import): no
 * later than `latestDeadlineDay`. Named `deadline_beyond_horizon`, the message states the day.
 */
export function checkDeadlineHorizon(
  field: string,
  deadline: number,
  bound: { campaignEnd: number; horizonDays: number },
): Violation[] {
  const latest = latestDeadlineDay(bound.campaignEnd, bound.horizonDays);
  if (deadline <= deadlineOfDay(latest)) return [];
  return [
    {
      field,
      rule: 'deadline_beyond_horizon',
      message: `the deadline must be no later than ${latest} (the campaign ends on ${dayOf(bound.campaignEnd)}; items may run ${bound.horizonDays} days beyond it)`,
    },
  ];
}

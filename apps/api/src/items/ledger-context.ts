import { dayOf, type ItemContext, WorkingDayCalendar, yearOf } from '@campaign/domain';
import type { CalendarRepository, CampaignEntity } from '@campaign/persistence';

/**
 * The ledger's context for judging a registration and an assignment at campaign time `at`
 * before an item's workflow sees them: the campaign's frozen escalation policy and review
 * cadence, and the working-day calendar around `at` (the ledger import and rule-making tasks).
 */
export async function ledgerContext(
  calendar: CalendarRepository,
  campaign: CampaignEntity,
  at: number,
): Promise<ItemContext> {
  const year = yearOf(dayOf(at));
  return {
    policy: campaign.plan!.resolved.escalation,
    reviewCadence: campaign.plan!.resolved.review.cadence,
    calendar: new WorkingDayCalendar(await calendar.years(year - 1, year + 3)),
  };
}

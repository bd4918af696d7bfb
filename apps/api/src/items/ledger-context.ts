import {
  type Assignment,
  dayOf,
  type ItemContext,
  WorkingDayCalendar,
  yearOf,
} from '@campaign/domain';
import type { CalendarRepository, CampaignEntity } from '@campaign/persistence';

import type { AssignItemDto } from './items.dto.js';

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

/**
 * The assignment a body states, once `checkAssignment` found every clarity there: the one shape
 * the API assigns by and a rule-making task's item starts with.
 */
export function assignmentOf(body: AssignItemDto): Assignment {
  return {
    responsibleLeaderId: body.responsibleLeaderId!,
    responsibleUnitId: body.responsibleUnitId!,
    responsiblePersonId: body.responsiblePersonId!,
    ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
    ...(body.deadlineWorkingDays !== undefined
      ? { deadlineWorkingDays: body.deadlineWorkingDays }
      : {}),
    acceptanceStandard: body.acceptanceStandard!,
    expectedEffect: body.expectedEffect!,
    measures: body.measures!,
    mode: body.mode!,
    ...(body.supervisingLeaderId !== undefined
      ? { supervisingLeaderId: body.supervisingLeaderId }
      : {}),
  };
}

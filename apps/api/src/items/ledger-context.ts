import {
  type Assignment,
  CampaignClock,
  checkDeadlineHorizon,
  dayOf,
  deadlineOfDay,
  isCalendarDate,
  type ItemContext,
  resolveDeadline,
  type Violation,
  WorkingDayCalendar,
  yearOf,
} from '@campaign/domain';
import {
  type CalendarRepository,
  campaignClockSpec,
  type CampaignEntity,
} from '@campaign/persistence';

import type { AssignItemDto } from './items.dto.js';

/** Now on the campaign's clock: the wall clock, or a rehearsal's compressed time. */
export function campaignNow(campaign: CampaignEntity): number {
  return new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
}

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

/**
 * What the horizon says of the deadlines a move names (libs/domain `checkDeadlineHorizon`):
 * each day, and a number of working days counted from `at` (campaign time) on the campaign's
 * calendar, must fall no later than the campaign's last phase's end plus `horizonDays`. Shapes
 * that are wrong anyway are left to the rules that name them.
 */
export async function deadlineHorizonProblems(
  calendar: CalendarRepository,
  campaign: CampaignEntity,
  at: number,
  horizonDays: number,
  deadlines: Array<{ field: string; day?: string | null; workingDays?: number | null }>,
): Promise<Violation[]> {
  const ends = (campaign.phases ?? []).map((p) => p.endsAt.getTime());
  if (ends.length === 0) return [];
  const bound = { campaignEnd: Math.max(...ends), horizonDays };
  const problems: Violation[] = [];
  for (const { field, day, workingDays } of deadlines) {
    if (typeof day === 'string' && isCalendarDate(day)) {
      problems.push(...checkDeadlineHorizon(field, deadlineOfDay(day), bound));
    } else if (
      typeof workingDays === 'number' &&
      Number.isInteger(workingDays) &&
      workingDays > 0
    ) {
      const { deadline } = resolveDeadline(
        { deadlineWorkingDays: workingDays },
        at,
        (await ledgerContext(calendar, campaign, at)).calendar,
      );
      problems.push(...checkDeadlineHorizon(field, deadline, bound));
    }
  }
  return problems;
}

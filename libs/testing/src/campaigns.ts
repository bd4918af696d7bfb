import { campaignWorkflowId } from '@campaign/contracts';
import {
  CampaignClock,
  datedPlanSpec,
  type PhaseKind,
  type PlanSpec,
  resolvePlan,
  WorkingDayCalendar,
} from '@campaign/domain';
import {
  CalendarRepository,
  CampaignReadModelRepository,
  campaignWorkflowInput,
  OrgRepository,
} from '@campaign/persistence';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';

import { type PlanBody, withNoticesLadder } from './plans.js';

const isDated = (plan: PlanSpec | PlanBody): plan is PlanBody => 'title' in plan;

export interface TestLaunch {
  coveredUnitId: string;
  /** A plan spec, or dated phases (planFactory's). */
  plan: PlanSpec | PlanBody;
  startsAt?: number;
  title?: string;
  rehearsal?: { timeScale: number; launchedAt: number };
  taskQueue: string;
  /** False: record the campaign without starting its workflow (tests of its items alone). */
  start?: boolean;
  /** Continue the campaign and its units as new at this history length (see the input's knob). */
  continueAsNewAfterEvents?: number;
  /**
   * `notices`: every rung of the ladder fires by itself (the plan's `decisions: {}`, as policies
   * frozen before decisions on the ladder), for tests of the timer mechanics alone. Default:
   * the plan's own (the seeds' desks).
   */
  ladder?: 'notices';
}

/**
 * Launches a campaign the way the API does, for worker-level tests, benchmarks and scripts
 * without an API: resolves the plan on the calendar, records it with its covered units, starts
 * `campaign-<id>`. Throws on a plan that breaks its rules.
 */
export async function launchTestCampaign(
  dataSource: DataSource,
  client: Client,
  launch: TestLaunch,
): Promise<{ campaignId: string; workflowId: string }> {
  const dated = isDated(launch.plan) ? launch.plan : null;
  const given = dated
    ? datedPlanSpec(dated.phases.map((p) => ({ ...p, kind: p.kind as PhaseKind })))
    : (launch.plan as PlanSpec);
  const spec: PlanSpec = launch.ladder === 'notices' ? withNoticesLadder(given) : given;
  const startsAt = launch.startsAt ?? (dated ? Date.parse(dated.phases[0].startsAt) : Date.now());
  const year = new Date(startsAt).getUTCFullYear();
  const calendar = new WorkingDayCalendar(
    await new CalendarRepository(dataSource).years(year - 1, year + 2),
  );
  const check = resolvePlan(spec, startsAt, calendar);
  if (!check.plan)
    throw new Error(`the plan breaks its rules: ${JSON.stringify(check.violations)}`);
  const units = await new OrgRepository(dataSource).subtree(launch.coveredUnitId);
  const readModel = new CampaignReadModelRepository(dataSource);
  const campaignId = crypto.randomUUID();
  const clock = launch.rehearsal
    ? CampaignClock.rehearsal(startsAt, launch.rehearsal.launchedAt, launch.rehearsal.timeScale)
        .spec
    : CampaignClock.real;
  await dataSource.transaction((tx) =>
    readModel.insertLaunch(
      {
        id: campaignId,
        title: launch.title ?? dated?.title ?? '测试活动',
        coveredUnitId: launch.coveredUnitId,
        issuingUnitId: launch.coveredUnitId,
        workflowId: campaignWorkflowId(campaignId),
        plan: { templateId: null, spec, resolved: check.plan!, flags: check.flags },
        launchedByPersonId: null,
        rehearsal: Boolean(launch.rehearsal),
        clock,
        sendEmail: !launch.rehearsal,
        unitIds: units.map((u) => u.id),
        launchedAt: launch.rehearsal ? startsAt : Date.now(),
      },
      tx,
    ),
  );
  const campaign = (await readModel.findById(campaignId))!;
  if (launch.start === false) return { campaignId, workflowId: campaign.workflowId };
  await client.workflow.start('campaignWorkflow', {
    workflowId: campaign.workflowId,
    taskQueue: launch.taskQueue,
    args: [
      {
        ...campaignWorkflowInput(campaign),
        continueAsNewAfterEvents: launch.continueAsNewAfterEvents,
      },
    ],
  });
  return { campaignId, workflowId: campaign.workflowId };
}

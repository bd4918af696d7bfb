import { randomUUID } from 'node:crypto';

import { campaignWorkflowId } from '@campaign/contracts';
import {
  CampaignClock,
  datedPlanSpec,
  type PhaseKind,
  type ResolvedTask,
  resolvePlan,
  type TaskKind,
  type TaskOwner,
} from '@campaign/domain';
import {
  CalendarRepository,
  type CampaignEntity,
  CampaignReadModelRepository,
  LedgerRepository,
  type NewProblem,
  OrgRepository,
  type PersonEntity,
  ProblemRepository,
  type UnitEntity,
} from '@campaign/persistence';
import { planFactory } from '@campaign/testing';
import type { DataSource } from 'typeorm';

export const DAY = 24 * 3600_000;

/**
 * A campaign recorded as the API's launch records it (`insertLaunch`), its workflow never
 * started: the repositories under test only read and write its rows. Four phases of 30 days
 * from `startsAt`; `tasks[i]` are added to phase i as the plan would resolve them.
 */
export async function recordCampaign(
  dataSource: DataSource,
  covered: UnitEntity,
  options: {
    startsAt?: number;
    rehearsal?: boolean;
    tasks?: ResolvedTask[][];
    issuingUnit?: UnitEntity;
  } = {},
): Promise<CampaignEntity> {
  const startsAt = options.startsAt ?? Date.now();
  const dated = planFactory({ now: startsAt, coveredUnitId: covered.id });
  const spec = datedPlanSpec(dated.phases.map((p) => ({ ...p, kind: p.kind as PhaseKind })));
  const year = new Date(startsAt).getUTCFullYear();
  const calendar = await new CalendarRepository(dataSource).calendar(year - 1, year + 1);
  const check = resolvePlan(spec, startsAt, calendar);
  if (!check.plan) throw new Error(`bad plan: ${JSON.stringify(check.violations)}`);
  const resolved = check.plan;
  for (const [i, tasks] of (options.tasks ?? []).entries()) resolved.phases[i].tasks = tasks;
  const units = await new OrgRepository(dataSource).subtree(covered.id);
  const readModel = new CampaignReadModelRepository(dataSource);
  const id = randomUUID();
  await dataSource.transaction((tx) =>
    readModel.insertLaunch(
      {
        id,
        title: '测试活动',
        coveredUnitId: covered.id,
        issuingUnitId: (options.issuingUnit ?? covered).id,
        workflowId: campaignWorkflowId(id),
        plan: { templateId: null, spec, resolved, flags: check.flags },
        launchedByPersonId: null,
        rehearsal: options.rehearsal ?? false,
        clock: CampaignClock.real,
        sendEmail: true,
        unitIds: units.map((u) => u.id),
        launchedAt: startsAt,
      },
      tx,
    ),
  );
  return (await readModel.findById(id))!;
}

/** A task as a resolved plan carries it. */
export function planTask(
  key: string,
  owner: TaskOwner,
  dueAt: number,
  options: { kind?: TaskKind; required?: boolean } = {},
): ResolvedTask {
  return {
    key,
    kind: options.kind ?? 'reflection',
    name: { 'zh-CN': key, en: key },
    owner,
    due: { at: new Date(dueAt).toISOString() },
    evidenceRequired: false,
    required: options.required ?? true,
    dueAt: new Date(dueAt).toISOString(),
  };
}

/**
 * A unit beside `unit` whose path, as text, begins with `unit`'s (its last label is `unit`'s
 * with a character more): the `1.20` to `unit`'s `1.2`. Written by SQL since the product's own
 * labels (a unit's id) all have the same length; a query that compared paths as text would take
 * it for part of `unit`'s subtree.
 */
export async function lookalikeSibling(
  dataSource: DataSource,
  unit: UnitEntity,
): Promise<UnitEntity> {
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO units (id, code, name, kind, parent_id, path)
     VALUES ($1, $2, $3, $4, $5, $6::ltree)`,
    [id, `LOOK-${id.slice(0, 8)}`, `${unit.name}0`, unit.kind, unit.parentId, `${unit.path}0`],
  );
  return (await new OrgRepository(dataSource).findUnit(id))!;
}

/**
 * A problem about a new person in `unit`, written with its ledger item in one transaction as
 * the intake writes them. Returns the problem's and the item's ids.
 */
export async function registerProblem(
  dataSource: DataSource,
  campaign: CampaignEntity,
  unit: UnitEntity,
  registeredBy: PersonEntity,
  at: Date,
  overrides: Partial<NewProblem> = {},
): Promise<{ problemId: string; itemId: string; personId: string }> {
  const person = await new OrgRepository(dataSource).createPerson({
    staffNumber: `P-${randomUUID().slice(0, 12)}`,
    name: '张伟',
    unitId: unit.id,
    position: '民警',
    email: null,
    phone: null,
    isLeader: false,
    isKeyPerson: false,
    keyPersonReasons: [],
    status: 'active',
  });
  const itemId = randomUUID();
  const problemId = randomUUID();
  const channel = overrides.channel ?? 'inspection';
  await dataSource.transaction(async (tx) => {
    await new LedgerRepository(dataSource).insertItems(
      [
        {
          id: itemId,
          campaignId: campaign.id,
          unitId: unit.id,
          personIds: [person.id],
          description: '个人有关事项报告不实',
          source: channel,
          sourceRound: null,
          category: 'discipline_organisational',
          registeredByPersonId: registeredBy.id,
          registeredAt: at,
          rehearsal: campaign.rehearsal,
        },
      ],
      tx,
    );
    await new ProblemRepository(dataSource).insertProblem(
      {
        id: problemId,
        campaignId: campaign.id,
        personId: person.id,
        unitId: unit.id,
        itemId,
        channel,
        sourceRound: null,
        category: 'discipline_organisational',
        clarificationItem: 2,
        severity: 'general',
        handling: 'rectify',
        foundByUnitId: unit.id,
        disclosure: 'not_judged',
        statementId: null,
        tipOffId: null,
        meetingId: null,
        portraitSource: null,
        registeredByPersonId: registeredBy.id,
        registeredAt: at,
        rehearsal: campaign.rehearsal,
        ...overrides,
      },
      tx,
    );
  });
  return { problemId, itemId, personId: person.id };
}

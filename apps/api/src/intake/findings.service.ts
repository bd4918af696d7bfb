import { randomUUID } from 'node:crypto';

import { LOGGER, type Logger } from '@campaign/config';
import {
  CampaignClock,
  checkChecklist,
  checkLifeMeeting,
  isCalendarDate,
  isWithin,
  ITEM_CATEGORIES,
  type Language,
  NotFoundError,
  RuleBrokenError,
  shanghaiDate,
  type Violation,
  WrongStateError,
} from '@campaign/domain';
import {
  campaignClockSpec,
  type CampaignEntity,
  CampaignReadModelRepository,
  type ChecklistEntryEntity,
  type LifeMeetingEntity,
  OrgRepository,
  ProblemRepository,
  type ProblemSummary,
  type Scope,
} from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { requireAccess } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { refuseWithoutLedger } from '../campaigns/campaign-open.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { labelled } from '../common/labelled.js';
import type {
  ChecklistEntryDto,
  ChecklistView,
  LifeMeetingListView,
  LifeMeetingView,
  MeetingProblemDto,
  PortraitBranchView,
  PortraitFindingDto,
  PortraitListView,
  RecordLifeMeetingDto,
  RecordPortraitDto,
} from './findings.dto.js';
import { problemSummaryView } from './problem-summary.dto.js';
import { type ProblemIntake, ProblemsService } from './problems.service.js';

/** Advisory lock namespace serialising the recording of one person's checklists ("chkl"). */
const CHECKLIST_LOCK = 0x63686b6c;

interface Context {
  requestId: string;
  language: Language;
}

/**
 * The self-check's findings (D4), each registered through the intake's one door as a problem
 * — a ledger item and a page of the person's integrity file: a person's checklists of the six
 * disciplines and five styles (their own self-check, or recorded by the office), a branch's
 * portrait comparison from its four sources, and the problems listed at democratic and
 * organisational life meetings, recorded against the meeting.
 */
@Injectable()
export class FindingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readModel: CampaignReadModelRepository,
    private readonly org: OrgRepository,
    private readonly problems: ProblemRepository,
    private readonly intake: ProblemsService,
    private readonly campaigns: CampaignsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  // ---- checklists ------------------------------------------------------------------------------

  /**
   * Records a person's checklists, whole and once: the eleven categories, each "no problem" or
   * a finding registered as a self-check problem (self-disclosed by rule) with its checklist
   * entry in the same transaction. `self`: the caller's own self-check.
   */
  async recordChecklist(
    principal: Principal,
    input: { campaignId: string; personId: string; entries: ChecklistEntryDto[]; self: boolean },
    context: Context,
  ): Promise<ChecklistView> {
    const campaign = await this.readModel.findById(input.campaignId);
    const person = await this.org.findPerson(input.personId);
    const unit = person ? await this.org.findUnit(person.unitId) : null;
    const covered = campaign ? new Set(await this.readModel.unitIds(campaign.id)) : new Set();
    const reachable = input.self
      ? person?.id === principal.personId && covered.has(person.unitId)
      : unit !== null && principal.covers('findings.record', unit.path);
    if (!campaign || !person || !unit || !reachable) {
      throw new NotFoundError('campaign person', `${input.campaignId}/${input.personId}`);
    }
    refuseWithoutLedger(campaign);
    const violations = checkChecklist(input.entries);
    if (!covered.has(unit.id)) {
      violations.push({
        field: 'personId',
        rule: 'person_not_in_campaign',
        message: "the person's unit is not covered by this campaign",
      });
    }
    if (person.status !== 'active') {
      violations.push({ field: 'personId', rule: 'person_left', message: 'this person has left' });
    }
    if (violations.length > 0) throw new RuleBrokenError('the checklist is incomplete', violations);

    await this.exclusively(`${campaign.id}:${person.id}`, async () => {
      if ((await this.problems.checklist(campaign.id, person.id)).length > 0) {
        throw new WrongStateError("this person's checklists are recorded already");
      }
      const at = new Date(this.campaignNow(campaign));
      const entry = (e: ChecklistEntryDto, problemId: string | null): ChecklistEntryEntity => ({
        id: randomUUID(),
        campaignId: campaign.id,
        personId: person.id,
        category: e.category,
        outcome: e.outcome,
        problemId,
        recordedByPersonId: principal.personId,
        recordedAt: at,
      });
      const ordered = [...input.entries].sort(
        (a, b) => ITEM_CATEGORIES.indexOf(a.category) - ITEM_CATEGORIES.indexOf(b.category),
      );
      // Each finding is one problem, its entry written in the problem's own transaction; the
      // checks above leave nothing the intake would refuse for one finding but not another.
      for (const e of ordered.filter((x) => x.outcome === 'finding')) {
        await this.intake.register(
          principal,
          {
            campaignId: campaign.id,
            personId: person.id,
            channel: 'self_check',
            category: e.category,
            description: e.description!,
          },
          {
            ...context,
            selfReported: input.self,
            alsoWrite: (tx, problemId) =>
              this.problems.insertChecklistEntries([entry(e, problemId)], tx),
          },
        );
      }
      await this.dataSource.transaction((tx) =>
        this.problems.insertChecklistEntries(
          ordered.filter((x) => x.outcome === 'no_problem').map((e) => entry(e, null)),
          tx,
        ),
      );
    });
    this.logger.info({ campaignId: campaign.id, self: input.self }, 'checklists recorded');
    return this.checklistView(
      campaign.id,
      person,
      this.readScope(principal, input.self),
      context.language,
    );
  }

  /** A person's checklists: the person's own, or an office's or inspector's in scope. */
  async checklist(
    principal: Principal,
    campaignId: string,
    personId: string,
    language: Language,
    self: boolean,
  ): Promise<ChecklistView> {
    const person = await this.org.findPerson(personId);
    const path = person ? await this.org.personUnitPath(person.id) : null;
    if (self) {
      if (!(await this.readModel.findById(campaignId)))
        throw new NotFoundError('campaign', campaignId);
    } else {
      await this.campaigns.get(principal, campaignId, 'problems.read');
    }
    const reachable = self
      ? person?.id === principal.personId
      : path !== null && principal.covers('problems.read', path);
    if (!person || !reachable) throw new NotFoundError('person', personId);
    return this.checklistView(campaignId, person, this.readScope(principal, self), language);
  }

  private async checklistView(
    campaignId: string,
    person: { id: string; name: string },
    scope: Scope,
    language: Language,
  ): Promise<ChecklistView> {
    const entries = (await this.problems.checklist(campaignId, person.id)).sort(
      (a, b) => ITEM_CATEGORIES.indexOf(a.category) - ITEM_CATEGORIES.indexOf(b.category),
    );
    const ids = entries.flatMap((e) => (e.problemId ? [e.problemId] : []));
    const problems = new Map(
      (ids.length > 0 ? await this.problems.summaries({ scope, ids }) : []).map((p) => [p.id, p]),
    );
    const first = entries[0];
    return {
      campaignId,
      personId: person.id,
      personName: person.name,
      recorded: first !== undefined,
      recordedAt: first?.recordedAt.toISOString() ?? null,
      recordedByPersonId: first?.recordedByPersonId ?? null,
      selfCheck: first ? first.recordedByPersonId === person.id : null,
      entries: entries.map((e) => {
        const problem = e.problemId ? problems.get(e.problemId) : undefined;
        return {
          category: labelled('itemCategory', e.category, language),
          outcome: labelled('checklistOutcome', e.outcome, language),
          problem: problem ? problemSummaryView(problem, language) : null,
        };
      }),
    };
  }

  // ---- portrait comparison ------------------------------------------------------------------------

  /**
   * One branch's portrait comparison (画像比对): each finding names one of the branch's people,
   * a category and its source, and becomes a problem the branch found. Every finding is checked
   * before any is registered.
   */
  async recordPortrait(
    principal: Principal,
    campaignId: string,
    body: RecordPortraitDto,
    context: Context,
  ): Promise<PortraitBranchView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'findings.record');
    const branch = await this.org.findUnit(body.branchId);
    requireAccess(principal, 'findings.record', branch?.path, {
      unknown: 'unit',
      id: body.branchId,
    });
    refuseWithoutLedger(campaign);
    const covered = new Set(await this.readModel.unitIds(campaign.id));
    const violations: Violation[] = [];
    if (branch.kind !== 'party_branch') {
      violations.push({
        field: 'branchId',
        rule: 'not_a_branch',
        message: 'a portrait comparison is a party branch’s',
      });
    }
    if (!covered.has(branch.id)) {
      violations.push({
        field: 'branchId',
        rule: 'unit_not_in_campaign',
        message: 'the branch is not covered by this campaign',
      });
    }
    violations.push(
      ...(await this.checkPeople(
        body.findings.map((f) => f.personId),
        branch.path,
        covered,
        (i) => `findings.${i}.personId`,
      )),
    );
    if (violations.length > 0)
      throw new RuleBrokenError('the portrait comparison cannot be recorded', violations);

    const ids: string[] = [];
    for (const f of body.findings) {
      const problem = await this.intake.register(
        principal,
        this.portraitIntake(campaign.id, branch.id, f),
        context,
      );
      ids.push(problem.id);
    }
    const registered = await this.problems.summaries({ scope: { all: true }, ids });
    return {
      branch: { id: branch.id, name: branch.name },
      findings: registered.map((p) => problemSummaryView(p, context.language)),
    };
  }

  private portraitIntake(
    campaignId: string,
    branchId: string,
    f: PortraitFindingDto,
  ): ProblemIntake {
    return {
      campaignId,
      personId: f.personId,
      channel: 'portrait',
      portraitSource: f.source,
      category: f.category,
      description: f.description,
      foundByUnitId: branchId,
      ...(f.severity !== undefined ? { severity: f.severity } : {}),
    };
  }

  /** A campaign's portrait comparison findings in scope, by branch (tree order), oldest first. */
  async portraits(
    principal: Principal,
    campaignId: string,
    branchId: string | undefined,
    language: Language,
  ): Promise<PortraitListView> {
    await this.campaigns.get(principal, campaignId, 'problems.read');
    const found = await this.problems.portraitFindings(
      campaignId,
      principal.scope('problems.read'),
      branchId,
    );
    const byBranch = new Map<string, ProblemSummary[]>();
    for (const p of found)
      byBranch.set(p.foundByUnitId, [...(byBranch.get(p.foundByUnitId) ?? []), p]);
    return {
      branches: [...byBranch.entries()]
        .map(([id, findings]) => ({
          branch: { id, name: findings[0].foundByUnitName ?? '' },
          findings: findings.map((p) => problemSummaryView(p, language)),
        }))
        .sort((a, b) => a.branch.name.localeCompare(b.branch.name, 'zh-CN')),
    };
  }

  // ---- life meetings ------------------------------------------------------------------------------

  /** Records a democratic or organisational life meeting, and any problems listed at it. */
  async recordMeeting(
    principal: Principal,
    campaignId: string,
    body: RecordLifeMeetingDto,
    context: Context,
  ): Promise<LifeMeetingView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'findings.record');
    const unit = await this.org.findUnit(body.unitId);
    requireAccess(principal, 'findings.record', unit?.path, { unknown: 'unit', id: body.unitId });
    refuseWithoutLedger(campaign);
    const covered = new Set(await this.readModel.unitIds(campaign.id));
    const violations: Violation[] = isCalendarDate(body.heldOn)
      ? checkLifeMeeting({
          kind: body.kind,
          unitKind: unit.kind,
          heldOn: body.heldOn,
          today: shanghaiDate(this.campaignNow(campaign)),
        })
      : [{ field: 'heldOn', rule: 'invalid_date', message: 'a real day, YYYY-MM-DD' }];
    if (!covered.has(unit.id)) {
      violations.push({
        field: 'unitId',
        rule: 'unit_not_in_campaign',
        message: 'the unit is not covered by this campaign',
      });
    }
    const problems = body.problems ?? [];
    violations.push(
      ...(await this.checkPeople(
        problems.map((p) => p.personId),
        unit.path,
        covered,
        (i) => `problems.${i}.personId`,
      )),
    );
    if (violations.length > 0)
      throw new RuleBrokenError('the life meeting cannot be recorded', violations);

    const meeting: Omit<LifeMeetingEntity, 'createdAt'> = {
      id: randomUUID(),
      campaignId: campaign.id,
      unitId: unit.id,
      kind: body.kind,
      heldOn: body.heldOn,
      title: body.title,
      recordedByPersonId: principal.personId,
    };
    await this.problems.insertMeeting(meeting);
    await this.registerAtMeeting(principal, meeting, problems, context);
    return this.meeting(principal, meeting.id, context.language);
  }

  /** Adds problems listed at a meeting already recorded. */
  async addMeetingProblems(
    principal: Principal,
    meetingId: string,
    problems: MeetingProblemDto[],
    context: Context,
  ): Promise<LifeMeetingView> {
    const found = await this.problems.findMeeting(meetingId);
    requireAccess(principal, 'findings.record', found?.unitPath, {
      unknown: 'life meeting',
      id: meetingId,
    });
    const campaign = await this.readModel.findById(found.meeting.campaignId);
    if (!campaign) throw new NotFoundError('life meeting', meetingId);
    refuseWithoutLedger(campaign);
    const covered = new Set(await this.readModel.unitIds(campaign.id));
    const violations = await this.checkPeople(
      problems.map((p) => p.personId),
      found.unitPath,
      covered,
      (i) => `problems.${i}.personId`,
    );
    if (violations.length > 0)
      throw new RuleBrokenError('the problems cannot be recorded', violations);
    await this.registerAtMeeting(principal, found.meeting, problems, context);
    return this.meeting(principal, meetingId, context.language);
  }

  private async registerAtMeeting(
    principal: Principal,
    meeting: Omit<LifeMeetingEntity, 'createdAt'>,
    problems: MeetingProblemDto[],
    context: Context,
  ): Promise<void> {
    for (const p of problems) {
      await this.intake.register(
        principal,
        {
          campaignId: meeting.campaignId,
          personId: p.personId,
          channel: 'life_meeting',
          meetingId: meeting.id,
          category: p.category,
          description: p.description,
          foundByUnitId: meeting.unitId,
          ...(p.severity !== undefined ? { severity: p.severity } : {}),
        },
        context,
      );
    }
  }

  async meeting(principal: Principal, id: string, language: Language): Promise<LifeMeetingView> {
    const found = await this.problems.findMeeting(id);
    requireAccess(principal, 'problems.read', found?.unitPath, { unknown: 'life meeting', id });
    const [view] = await this.meetingViews(principal, [found.meeting], language);
    return view;
  }

  /** A campaign's meetings held in scope, latest first, each with its problems. */
  async meetings(
    principal: Principal,
    campaignId: string,
    unitId: string | undefined,
    language: Language,
  ): Promise<LifeMeetingListView> {
    await this.campaigns.get(principal, campaignId, 'problems.read');
    const meetings = await this.problems.meetings(
      campaignId,
      principal.scope('problems.read'),
      unitId,
    );
    return { items: await this.meetingViews(principal, meetings, language) };
  }

  private async meetingViews(
    principal: Principal,
    meetings: LifeMeetingEntity[],
    language: Language,
  ): Promise<LifeMeetingView[]> {
    if (meetings.length === 0) return [];
    const problems = await this.problems.summaries({
      scope: principal.scope('problems.read'),
      meetingIds: meetings.map((m) => m.id),
    });
    const unitNames = new Map<string, string>();
    for (const m of meetings) {
      if (!unitNames.has(m.unitId))
        unitNames.set(m.unitId, (await this.org.findUnit(m.unitId))?.name ?? '');
    }
    return meetings.map((m) => ({
      id: m.id,
      campaignId: m.campaignId,
      unitId: m.unitId,
      unitName: unitNames.get(m.unitId) ?? '',
      kind: labelled('meetingKind', m.kind, language),
      heldOn: m.heldOn,
      title: m.title,
      recordedByPersonId: m.recordedByPersonId,
      problems: problems
        .filter((p) => p.meetingId === m.id)
        .map((p) => problemSummaryView(p, language)),
    }));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /**
   * Each person named must be active, in the subtree of the unit that found the problems (a
   * branch, a meeting's unit: so in scope) and in a unit the campaign covers. Anyone else,
   * unknown ids included, is named alike.
   */
  private async checkPeople(
    personIds: string[],
    rootPath: string,
    covered: Set<unknown>,
    field: (i: number) => string,
  ): Promise<Violation[]> {
    if (personIds.length === 0) return [];
    const rows: Array<{ id: string; status: string; unit_id: string; path: string }> =
      await this.dataSource.query(
        `SELECT p.id, p.status, p.unit_id, u.path::text AS path
           FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = ANY($1::uuid[])`,
        [personIds],
      );
    const people = new Map(rows.map((r) => [r.id, r]));
    const violations: Violation[] = [];
    personIds.forEach((id, i) => {
      const p = people.get(id);
      if (!p || !isWithin(p.path, rootPath)) {
        violations.push({
          field: field(i),
          rule: 'person_not_in_unit',
          message: 'the person must belong to the unit that found the problem, or below it',
        });
      } else if (p.status !== 'active') {
        violations.push({ field: field(i), rule: 'person_left', message: 'this person has left' });
      } else if (!covered.has(p.unit_id)) {
        violations.push({
          field: field(i),
          rule: 'person_not_in_campaign',
          message: "the person's unit is not covered by this campaign",
        });
      }
    });
    return violations;
  }

  /** A person reads their own problems; others what their scope reaches. */
  private readScope(principal: Principal, self: boolean): Scope {
    return self ? { all: true } : principal.scope('problems.read');
  }

  /**
   * Runs `work` holding a session lock on one checklist, so that two recordings of the same
   * checklist cannot interleave their findings: the second waits for nothing and answers 409.
   */
  private async exclusively(key: string, work: () => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const rows = (await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
        CHECKLIST_LOCK,
        key,
      ])) as Array<{ locked: boolean }>;
      if (rows[0]?.locked !== true)
        throw new WrongStateError("this person's checklists are being recorded");
      try {
        await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [CHECKLIST_LOCK, key]);
      }
    } finally {
      await runner.release();
    }
  }

  private campaignNow(campaign: CampaignEntity): number {
    return new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
  }
}

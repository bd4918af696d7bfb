import { randomUUID } from 'node:crypto';

import { LOGGER, type Logger } from '@campaign/config';
import type { NotificationRequest } from '@campaign/contracts';
import {
  CampaignClock,
  checkDisposition,
  DISPOSITION_FORMS,
  DISPOSITION_MEASURES,
  flagAfterCorrection,
  ForbiddenError,
  isStrictlyBelow,
  isWithin,
  itemReference,
  judgeDisclosure,
  type Language,
  NotFoundError,
  RuleBrokenError,
  type StatementAnswer,
  type Violation,
  WrongStateError,
} from '@campaign/domain';
import {
  AuditRepository,
  campaignClockSpec,
  type CampaignEntity,
  CampaignReadModelRepository,
  type FlagSummary,
  NotificationRepository,
  OrgRepository,
  type ProblemEntity,
  ProblemRepository,
  StatementRepository,
} from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { ConfidentialReads } from '../audit/confidential-reads.service.js';
import { requireAccess } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { labelled } from '../common/labelled.js';
import type {
  ClarificationCorrectionDto,
  DispositionCountsView,
  FlagDecisionDto,
  FlagListItemView,
  FlagPageView,
  FlagsQueryDto,
  ProblemsQueryDto,
  RecordDispositionDto,
  ReportBackDto,
} from './clues.dto.js';
import { type ProblemPageView, problemSummaryView } from './problem-summary.dto.js';
import type { ProblemView } from './problems.dto.js';
import { ProblemsService } from './problems.service.js';

interface Context {
  requestId: string;
  language: Language;
}

/**
 * What happens to a problem after it came in: the lists, the inspectors' handling of clues —
 * deciding concealment flags, correcting the matching clarification item (judged again against
 * the statement version in force when the problem arrived), dispositions in the four forms —
 * and the lower unit's report back on a problem handed down to it (D8). Every decision is on the
 * audit trail in the same transaction as its record; nobody decides about themselves.
 */
@Injectable()
export class CluesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readModel: CampaignReadModelRepository,
    private readonly org: OrgRepository,
    private readonly problems: ProblemRepository,
    private readonly statements: StatementRepository,
    private readonly notifications: NotificationRepository,
    private readonly audit: AuditRepository,
    private readonly reads: ConfidentialReads,
    private readonly intake: ProblemsService,
    private readonly campaigns: CampaignsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  // ---- lists --------------------------------------------------------------------------------------

  async list(
    principal: Principal,
    query: ProblemsQueryDto,
    language: Language,
  ): Promise<ProblemPageView> {
    const { items, total } = await this.problems.list(
      {
        scope: principal.scope('problems.read'),
        campaignId: query.campaignId,
        unitId: query.unitId,
        personId: query.personId,
        channel: query.channel,
        disclosure: query.disclosure,
        handling: query.handling,
        flagged: query.flagged,
      },
      query,
    );
    return {
      items: items.map((p) => problemSummaryView(p, language)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  async flags(
    principal: Principal,
    query: FlagsQueryDto,
    language: Language,
  ): Promise<FlagPageView> {
    const { items, total } = await this.problems.flags(
      {
        scope: principal.scope('clues.handle'),
        campaignId: query.campaignId,
        status: query.status,
      },
      query,
    );
    return {
      items: items.map((f) => flagListItemView(f, language)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  // ---- concealment flags ------------------------------------------------------------------------

  /** Confirms or dismisses an open flag, once, with the reason; audited with it. */
  async decideFlag(
    principal: Principal,
    id: string,
    body: FlagDecisionDto,
    context: Context,
  ): Promise<FlagListItemView> {
    const flag = await this.problems.findFlag(id);
    if (!flag) throw new NotFoundError('concealment flag', id);
    const unit = await this.org.findUnit(flag.unitId);
    requireAccess(principal, 'clues.handle', unit?.path, { unknown: 'concealment flag', id });
    this.notAboutThemselves(principal, flag.personId);
    const campaign = await this.campaignOf(flag.campaignId);
    const status = body.decision === 'confirm' ? 'confirmed' : 'dismissed';
    await this.dataSource.transaction(async (tx) => {
      await this.problems.lock(flag.problemId, tx);
      const decided = await this.problems.decideFlag(
        id,
        {
          status,
          by: principal.personId,
          at: new Date(this.campaignNow(campaign)),
          reason: body.reason,
        },
        tx,
      );
      if (!decided)
        throw new WrongStateError('the concealment flag is not open: decided, or withdrawn');
      await this.audit.append(
        {
          eventKey: `concealment.${body.decision}:${id}`,
          at: new Date(),
          actorPersonId: principal.personId,
          action: `concealment.${body.decision}`,
          subjectType: 'concealment_flag',
          subjectId: id,
          reason: body.reason,
          details: {
            problemId: flag.problemId,
            campaignId: flag.campaignId,
            clarificationItem: flag.clarificationItem,
            statementId: flag.statementId,
          },
          source: context.requestId,
        },
        tx,
      );
    });
    this.logger.info({ flagId: id, status }, 'concealment flag decided');
    const { items } = await this.problems.flags(
      { scope: { all: true }, id },
      { page: 1, pageSize: 1 },
    );
    return flagListItemView(items[0], context.language);
  }

  /**
   * Corrects the clarification item a problem matches and judges it again against the
   * statement version in force when it arrived (the read audited as the first judging was):
   * a flag is raised, kept (now about the corrected item) or withdrawn accordingly. A flag
   * already confirmed or dismissed keeps its decision and its match (409).
   */
  async correctClarification(
    principal: Principal,
    problemId: string,
    body: ClarificationCorrectionDto,
    context: Context,
  ): Promise<ProblemView> {
    const { campaign } = await this.handled(principal, problemId);
    const at = this.campaignNow(campaign);
    let notify: { key: string } | null = null;
    await this.dataSource.transaction(async (tx) => {
      const locked = (await this.problems.lock(problemId, tx))!;
      const flag = await this.problems.flagOf(problemId, tx);
      if (flag && (flag.status === 'confirmed' || flag.status === 'dismissed')) {
        throw new WrongStateError(
          `the concealment flag is ${flag.status}: the decision stands, and so does its match`,
        );
      }
      if (locked.clarificationItem === body.clarificationItem) return;

      const { outcome, statement } = await this.rejudge(principal, locked, body, context, tx);
      const change = flagAfterCorrection({ flag: flag?.status ?? null, outcome });
      await this.problems.setClarification(
        problemId,
        {
          clarificationItem: body.clarificationItem,
          disclosure: outcome,
          statementId: statement?.id ?? null,
        },
        tx,
      );
      let flagId = flag?.id ?? null;
      if (change === 'raise' && statement && body.clarificationItem !== null) {
        flagId = randomUUID();
        await this.problems.insertFlag(
          {
            id: flagId,
            problemId,
            campaignId: locked.campaignId,
            personId: locked.personId,
            unitId: locked.unitId,
            clarificationItem: body.clarificationItem,
            statementId: statement.id,
            raisedAt: new Date(at),
          },
          tx,
        );
        notify = { key: flagId };
      } else if (
        (change === 'reopen' || change === 'keep') &&
        flag &&
        body.clarificationItem !== null
      ) {
        await this.problems.reopenFlag(
          flag.id,
          {
            clarificationItem: body.clarificationItem,
            raisedAt: change === 'reopen' ? new Date(at) : null,
          },
          tx,
        );
        // Raised again: the inspectors hear of it again (a new message, not the first one's).
        if (change === 'reopen') notify = { key: `${flag.id}-${context.requestId}` };
      } else if (change === 'withdraw' && flag) {
        await this.problems.withdrawFlag(
          flag.id,
          { by: principal.personId, at: new Date(at), reason: body.reason },
          tx,
        );
      }
      if (notify && body.clarificationItem !== null) {
        const [item]: Array<{ description: string }> = await tx.query(
          'SELECT description FROM ledger_items WHERE id = $1',
          [locked.itemId],
        );
        const unit = await this.org.findUnit(locked.unitId);
        await this.intake.notifyConcealment(tx, {
          flagId: notify.key,
          campaign,
          unitId: locked.unitId,
          unitName: unit?.name ?? '',
          itemId: locked.itemId,
          description: item?.description ?? '',
          clarificationItem: body.clarificationItem,
        });
      }
      await this.audit.append(
        {
          eventKey: `problem.clarification:${problemId}:${context.requestId}`,
          at: new Date(),
          actorPersonId: principal.personId,
          action: 'problem.clarification',
          subjectType: 'problem',
          subjectId: problemId,
          reason: body.reason,
          details: {
            campaignId: locked.campaignId,
            from: locked.clarificationItem,
            to: body.clarificationItem,
            disclosure: outcome,
            statementId: statement?.id ?? null,
            statementVersion: statement?.version ?? null,
            flagId,
            flagChange: change,
          },
          source: context.requestId,
        },
        tx,
      );
    });
    const sent = notify as { key: string } | null;
    if (sent) await this.intake.deliver(`concealment-${sent.key}`);
    return this.intake.view(principal, problemId, context.language);
  }

  /**
   * The disclosure rules again, for a corrected match, against the version that was in force
   * when the problem arrived (the one its flag keeps). Opening it is audited like the first
   * judging.
   */
  private async rejudge(
    principal: Principal,
    problem: ProblemEntity,
    body: ClarificationCorrectionDto,
    context: Context,
    tx: EntityManager,
  ) {
    const statement =
      problem.channel === 'self_check' || body.clarificationItem === null
        ? null
        : problem.statementId
          ? await this.statements.find(problem.statementId)
          : await this.statements.latestAt(
              problem.campaignId,
              problem.personId,
              problem.registeredAt,
            );
    let answers: StatementAnswer[] | null = null;
    if (statement) {
      await this.reads.record(
        principal,
        context.requestId,
        [
          {
            what: 'statement',
            subjectType: 'statement',
            subjectId: statement.id,
            details: {
              purpose: 'disclosure_rules',
              problemId: problem.id,
              clarificationItem: body.clarificationItem,
              version: statement.version,
            },
          },
        ],
        tx,
      );
      answers = await this.statements.open(statement.id);
    }
    const outcome = judgeDisclosure({
      channel: problem.channel,
      clarificationItem: body.clarificationItem,
      answers,
    });
    return { outcome, statement };
  }

  // ---- dispositions -----------------------------------------------------------------------------

  /** Records a disposition in the four forms; the latest counts, every one is kept. */
  async dispose(
    principal: Principal,
    problemId: string,
    body: RecordDispositionDto,
    context: Context,
  ): Promise<ProblemView> {
    const { campaign } = await this.handled(principal, problemId);
    const violations = checkDisposition(body);
    if (violations.length > 0)
      throw new RuleBrokenError('the measure is not of that form', violations);
    const id = randomUUID();
    await this.dataSource.transaction(async (tx) => {
      await this.problems.lock(problemId, tx);
      const [latest] = (await this.problems.dispositionsOf([problemId], tx)).get(problemId) ?? [];
      // Strictly after the one before, so "the latest" is never a tie.
      const at = Math.max(this.campaignNow(campaign), (latest?.decidedAt.getTime() ?? 0) + 1);
      await this.problems.insertDisposition(
        {
          id,
          problemId,
          form: body.form,
          measure: body.measure,
          reason: body.reason,
          decidedByPersonId: principal.personId,
          decidedAt: new Date(at),
        },
        tx,
      );
      await this.audit.append(
        {
          eventKey: `disposition.record:${id}`,
          at: new Date(),
          actorPersonId: principal.personId,
          action: 'disposition.record',
          subjectType: 'problem',
          subjectId: problemId,
          reason: body.reason,
          details: {
            dispositionId: id,
            campaignId: campaign.id,
            form: body.form,
            measure: body.measure,
            replaces: latest?.id ?? null,
          },
          source: context.requestId,
        },
        tx,
      );
    });
    this.logger.info({ problemId, dispositionId: id, form: body.form }, 'disposition recorded');
    return this.intake.view(principal, problemId, context.language);
  }

  /** The four forms' figures of a campaign in scope: every form and measure, zeros included. */
  async dispositionCounts(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<DispositionCountsView> {
    await this.campaigns.get(principal, campaignId, 'clues.statistics');
    const rows = await this.problems.dispositionCounts(
      campaignId,
      principal.scope('clues.statistics'),
    );
    const find = (form: number | null, measure: string | null) =>
      rows.find((r) => r.form === form && r.measure === measure) ?? { problems: 0, people: 0 };
    const total = find(null, null);
    return {
      campaignId,
      forms: DISPOSITION_FORMS.map((form) => {
        const row = find(form, null);
        return {
          form: labelled('dispositionForm', form, language),
          problems: row.problems,
          people: row.people,
          measures: DISPOSITION_MEASURES[form].map((measure) => {
            const m = find(form, measure);
            return {
              measure: labelled('dispositionMeasure', measure, language),
              problems: m.problems,
              people: m.people,
            };
          }),
        };
      }),
      problems: total.problems,
      people: total.people,
    };
  }

  // ---- report back (D8) -------------------------------------------------------------------------

  /**
   * The lower unit's office reports back, once, the result and handling of a problem a higher
   * level handed down to it; the finding unit's office hears of it at once.
   */
  async reportBack(
    principal: Principal,
    problemId: string,
    body: ReportBackDto,
    context: Context,
  ): Promise<ProblemView> {
    const problem = await this.problems.find(problemId);
    if (!problem) throw new NotFoundError('problem', problemId);
    const unit = await this.org.findUnit(problem.unitId);
    requireAccess(principal, 'problems.report', unit?.path, { unknown: 'problem', id: problemId });
    if (problem.handling !== 'handed_down') {
      throw new WrongStateError('only a problem handed down by a higher level is reported back');
    }
    const foundBy = await this.org.findUnit(problem.foundByUnitId);
    const lower = principal.grants.some(
      (g) =>
        g.role === 'office' &&
        isWithin(unit.path, g.unitPath) &&
        foundBy !== null &&
        isStrictlyBelow(g.unitPath, foundBy.path),
    );
    if (!principal.isAdmin && !lower) {
      throw new ForbiddenError('only the office it was handed down to reports back');
    }
    const campaign = await this.campaignOf(problem.campaignId);
    const batchKey = `report-back-${problemId}`;
    let notified = false;
    await this.dataSource.transaction(async (tx) => {
      await this.problems.lock(problemId, tx);
      const recorded = await this.problems.recordReportBack(
        problemId,
        {
          result: body.result,
          handling: body.handling,
          by: principal.personId,
          at: new Date(this.campaignNow(campaign)),
        },
        tx,
      );
      if (!recorded) throw new WrongStateError('the problem is reported back already');
      await this.audit.append(
        {
          eventKey: `problem.report_back:${problemId}`,
          at: new Date(),
          actorPersonId: principal.personId,
          action: 'problem.report_back',
          subjectType: 'problem',
          subjectId: problemId,
          reason: null,
          details: { campaignId: problem.campaignId, itemId: problem.itemId },
          source: context.requestId,
        },
        tx,
      );
      notified = await this.notifyReportBack(tx, problem, unit.name, campaign, batchKey);
    });
    if (notified) await this.intake.deliver(batchKey);
    return this.intake.view(principal, problemId, context.language);
  }

  /** Tells the office nearest the finding unit (at it or above), in the report's transaction. */
  private async notifyReportBack(
    tx: EntityManager,
    problem: ProblemEntity,
    unitName: string,
    campaign: CampaignEntity,
    batchKey: string,
  ): Promise<boolean> {
    const offices = await this.org.nearestRoleHolders(problem.foundByUnitId, 'office');
    if (!offices) {
      this.logger.warn({ problemId: problem.id }, 'a report back has no office to tell');
      return false;
    }
    const [{ number, description }]: Array<{ number: number; description: string }> =
      await tx.query('SELECT number, description FROM ledger_items WHERE id = $1', [
        problem.itemId,
      ]);
    const itemRef = itemReference(number, description);
    const requests: NotificationRequest[] = offices.personIds.map((personId) => ({
      dedupeKey: `${batchKey}:${personId}`,
      recipientPersonId: personId,
      templateKey: 'problem_reported_back',
      params: { itemRef, unitName, campaignTitle: campaign.title },
      campaignId: campaign.id,
      rehearsal: campaign.rehearsal,
      channels: ['inbox', 'email'],
      urgency: 'reminder',
    }));
    await this.notifications.enqueue(requests, batchKey, tx);
    return true;
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A problem an inspector may handle: in scope (else 404), not about themselves (422). */
  private async handled(
    principal: Principal,
    problemId: string,
  ): Promise<{ problem: ProblemEntity; campaign: CampaignEntity }> {
    const problem = await this.problems.find(problemId);
    if (!problem) throw new NotFoundError('problem', problemId);
    const unit = await this.org.findUnit(problem.unitId);
    requireAccess(principal, 'clues.handle', unit?.path, { unknown: 'problem', id: problemId });
    this.notAboutThemselves(principal, problem.personId);
    return { problem, campaign: await this.campaignOf(problem.campaignId) };
  }

  private notAboutThemselves(principal: Principal, personId: string): void {
    if (personId !== principal.personId) return;
    const violation: Violation = {
      field: 'id',
      rule: 'conflict_of_interest',
      message: 'nobody handles a clue about themselves',
    };
    throw new RuleBrokenError('this clue is about you', [violation]);
  }

  private async campaignOf(id: string): Promise<CampaignEntity> {
    const campaign = await this.readModel.findById(id);
    if (!campaign) throw new NotFoundError('campaign', id);
    return campaign;
  }

  private campaignNow(campaign: CampaignEntity): number {
    return new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
  }
}

export function flagListItemView(f: FlagSummary, language: Language): FlagListItemView {
  return {
    id: f.id,
    problemId: f.problemId,
    campaignId: f.campaignId,
    personId: f.personId,
    personName: f.personName,
    unitId: f.unitId,
    unitName: f.unitName,
    status: labelled('concealmentFlagStatus', f.status, language),
    clarificationItem: labelled('clarificationItem', f.clarificationItem, language),
    statementId: f.statementId,
    statementVersion: f.statementVersion,
    raisedAt: f.raisedAt.toISOString(),
    decidedAt: f.decidedAt?.toISOString() ?? null,
    decidedByPersonId: f.decidedByPersonId,
    reason: f.reason,
  };
}

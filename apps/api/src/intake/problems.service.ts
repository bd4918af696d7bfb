import { randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import type { NotificationRequest } from '@campaign/contracts';
import {
  CampaignClock,
  checkProblemChannel,
  checkRegistration,
  type ClarificationItem,
  intakePolicyOf,
  isWithin,
  type ItemCategory,
  itemReference,
  judgeDisclosure,
  LABELS,
  type Language,
  matchingClarification,
  NotFoundError,
  type PortraitSource,
  type ProblemChannel,
  type ProblemSeverity,
  routeProblem,
  RuleBrokenError,
  type StatementAnswer,
  type Violation,
} from '@campaign/domain';
import {
  campaignClockSpec,
  type CampaignEntity,
  CampaignReadModelRepository,
  type ConcealmentFlagEntity,
  IdempotencyRepository,
  LedgerRepository,
  NotificationRepository,
  OrgRepository,
  type ProblemEntity,
  ProblemRepository,
  StatementRepository,
} from '@campaign/persistence';
import { startNotificationBatch } from '@campaign/temporal';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource, type EntityManager } from 'typeorm';

import { ConfidentialReads } from '../audit/confidential-reads.service.js';
import { requireAccess } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { refuseWithoutLedger } from '../campaigns/campaign-open.js';
import { claimIdempotencyKey, idFromKey } from '../common/idempotency.js';
import { labelled } from '../common/labelled.js';
import { ItemQueriesService } from '../items/item-queries.service.js';
import { ItemStarter } from '../items/item-starter.js';
import { withinDeadline } from '../temporal/deadline.js';
import { type ConcealmentFlagView, dispositionView, type ProblemView } from './problems.dto.js';

const REGISTER_ROUTE = 'POST /problems';

/** A problem as every intake channel hands it in (the API's body, a triaged tip-off, a finding). */
export interface ProblemIntake {
  campaignId: string;
  personId: string;
  channel: ProblemChannel;
  sourceRound?: number;
  category: ItemCategory;
  /** The ledger's wording: the office's or inspector's, never a statement's or a tip-off's. */
  description: string;
  clarificationItem?: ClarificationItem;
  severity?: ProblemSeverity;
  foundByUnitId?: string;
  portraitSource?: PortraitSource;
  meetingId?: string;
  tipOffId?: string;
}

export interface IntakeContext {
  requestId: string;
  language: Language;
  idempotencyKey?: string;
  /** Rows of the caller's own (a triaged tip-off, a checklist entry) written in the same transaction. */
  alsoWrite?: (tx: EntityManager, problemId: string) => Promise<void>;
  /**
   * The caller reports a problem about themself (their own self-check): the subject must be the
   * caller (else 404), no `problems.register` grant is asked, and their own unit found it.
   */
  selfReported?: boolean;
}

/**
 * The one door every problem comes in by (D4): a problem about a person becomes a ledger item
 * (through the ledger's registration, so it gets its own workflow) and a page of the person's
 * integrity file; it is routed by severity (D8) and judged against the person's six
 * clarifications — self-disclosed (主动讲清), or flagged as a suspected concealment (欺瞒组织),
 * of which the inspectors nearest the person hear at once. Judging reads the statement, and that
 * read is audited like any other, in the same transaction as the problem.
 */
@Injectable()
export class ProblemsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readModel: CampaignReadModelRepository,
    private readonly org: OrgRepository,
    private readonly ledger: LedgerRepository,
    private readonly problems: ProblemRepository,
    private readonly statements: StatementRepository,
    private readonly notifications: NotificationRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly reads: ConfidentialReads,
    private readonly items: ItemQueriesService,
    private readonly starter: ItemStarter,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async register(
    principal: Principal,
    intake: ProblemIntake,
    context: IntakeContext,
  ): Promise<ProblemView> {
    const campaign = await this.readModel.findById(intake.campaignId);
    const person = await this.org.findPerson(intake.personId);
    const unit = person ? await this.org.findUnit(person.unitId) : null;
    const self = context.selfReported === true;
    const reachable = self
      ? person?.id === principal.personId
      : unit !== null && principal.covers('problems.register', unit.path);
    if (!campaign || !person || !unit || !reachable) {
      throw new NotFoundError('campaign person', `${intake.campaignId}/${intake.personId}`);
    }
    refuseWithoutLedger(campaign);

    const violations: Violation[] = [];
    if (!(await this.readModel.unitIds(campaign.id)).includes(unit.id)) {
      violations.push({
        field: 'personId',
        rule: 'person_not_in_campaign',
        message: "the person's unit is not covered by this campaign",
      });
    }
    if (person.status !== 'active') {
      violations.push({ field: 'personId', rule: 'person_left', message: 'this person has left' });
    }
    violations.push(
      ...checkProblemChannel({
        channel: intake.channel,
        portraitSource: intake.portraitSource,
        meetingId: intake.meetingId,
        foundByUnitId: intake.foundByUnitId,
        selfReported: self,
      }),
    );
    const foundBy = self
      ? { id: unit.id, path: unit.path }
      : await this.foundBy(principal, unit, intake.foundByUnitId, violations);

    const key = context.idempotencyKey;
    const problemId = key ? idFromKey(principal.accountId, REGISTER_ROUTE, key) : randomUUID();
    const itemId = key
      ? idFromKey(principal.accountId, `${REGISTER_ROUTE} item`, key)
      : randomUUID();
    const at = this.campaignNow(campaign);
    const registration = {
      type: 'registered' as const,
      at,
      by: principal.personId,
      requestId: itemId,
      itemId,
      campaignId: campaign.id,
      unitId: unit.id,
      personIds: [person.id],
      source: intake.channel,
      ...(intake.sourceRound !== undefined ? { sourceRound: intake.sourceRound } : {}),
      category: intake.category,
    };
    violations.push(
      ...checkRegistration(registration).map((v) =>
        v.field === 'source' ? { ...v, field: 'channel' } : v,
      ),
    );
    if (violations.length > 0)
      throw new RuleBrokenError('the problem cannot be registered', violations);

    // Levels are where campaign offices sit: a problem is routed when it was found above the
    // office that rectifies the person's unit (a county office's own branches are its level).
    const severity = intake.severity ?? 'general';
    const rectifyingOffice = await this.org.nearestRoleHolders(unit.id, 'office');
    const rectifyingUnit = rectifyingOffice
      ? await this.org.findUnit(rectifyingOffice.unitId)
      : null;
    const handling = routeProblem({
      severity,
      foundByUnitPath: foundBy.path,
      unitPath: rectifyingUnit?.path ?? unit.path,
    });
    const clarificationItem = matchingClarification(
      intakePolicyOf(campaign.plan.resolved),
      intake.category,
      intake.clarificationItem,
    );

    let first = true;
    const raised: { flagId?: string } = {};
    await this.dataSource.transaction(async (tx) => {
      if (key) {
        first = await claimIdempotencyKey(this.idempotency, tx, {
          accountId: principal.accountId,
          route: REGISTER_ROUTE,
          key,
          body: intake,
          resourceId: problemId,
        });
        if (!first) return;
      }
      const judged = await this.judge(principal, context.requestId, {
        campaignId: campaign.id,
        personId: person.id,
        problemId,
        channel: intake.channel,
        clarificationItem,
        at,
        tx,
      });
      await this.ledger.insertItems(
        [
          {
            id: itemId,
            campaignId: campaign.id,
            unitId: unit.id,
            personIds: [person.id],
            description: intake.description,
            source: intake.channel,
            sourceRound: intake.sourceRound ?? null,
            category: intake.category,
            registeredByPersonId: principal.personId,
            registeredAt: new Date(at),
            rehearsal: campaign.rehearsal,
          },
        ],
        tx,
      );
      await this.problems.insertProblem(
        {
          id: problemId,
          campaignId: campaign.id,
          personId: person.id,
          unitId: unit.id,
          itemId,
          channel: intake.channel,
          sourceRound: intake.sourceRound ?? null,
          category: intake.category,
          clarificationItem,
          severity,
          handling,
          foundByUnitId: foundBy.id,
          disclosure: judged.outcome,
          statementId: judged.statementId,
          tipOffId: intake.tipOffId ?? null,
          meetingId: intake.meetingId ?? null,
          portraitSource: intake.portraitSource ?? null,
          registeredByPersonId: principal.personId,
          registeredAt: new Date(at),
          rehearsal: campaign.rehearsal,
        },
        tx,
      );
      if (judged.outcome === 'suspected_concealment' && judged.statementId && clarificationItem) {
        const flagId = randomUUID();
        raised.flagId = flagId;
        await this.problems.insertFlag(
          {
            id: flagId,
            problemId,
            campaignId: campaign.id,
            personId: person.id,
            unitId: unit.id,
            clarificationItem,
            statementId: judged.statementId,
            raisedAt: new Date(at),
          },
          tx,
        );
        await this.notifyConcealment(tx, {
          flagId,
          campaign,
          unitId: unit.id,
          unitName: unit.name,
          itemId,
          description: intake.description,
          clarificationItem,
        });
      }
      await context.alsoWrite?.(tx, problemId);
    });
    if (first) {
      // Committed: the problem and its item exist. The item's workflow starts now, or by the
      // start reconciler a little later (the item shows as starting meanwhile).
      await this.starter.start([itemId], Date.now() + this.config.temporal.timeouts.startMs);
      if (raised.flagId) await this.deliver(`concealment-${raised.flagId}`);
      this.logger.info({ problemId, itemId, campaignId: campaign.id }, 'problem registered');
    }
    return this.view(principal, problemId, context.language);
  }

  /** A problem in the caller's scope (by the person's unit when it was found). */
  async get(principal: Principal, id: string, language: Language): Promise<ProblemView> {
    const problem = await this.problems.find(id);
    if (!problem) throw new NotFoundError('problem', id);
    const unit = await this.org.findUnit(problem.unitId);
    requireAccess(principal, 'problems.read', unit?.path, { unknown: 'problem', id });
    return this.view(principal, id, language);
  }

  /** A problem with its ledger item and any concealment flag, for whoever may read the item. */
  async view(principal: Principal, id: string, language: Language): Promise<ProblemView> {
    const problem = await this.problems.find(id);
    if (!problem) throw new NotFoundError('problem', id);
    const item = await this.items.get(principal, problem.itemId, language);
    const flag = await this.problems.flagOf(problem.id);
    const dispositions = (await this.problems.dispositionsOf([problem.id])).get(problem.id) ?? [];
    return {
      ...(await this.problemView(problem, flag, item, language)),
      reportBackHandling: problem.reportBackHandling,
      reportedBackByPersonId: problem.reportedBackByPersonId,
      disposition: dispositions[0] ? dispositionView(dispositions[0], language) : null,
      dispositions: dispositions.map((d) => dispositionView(d, language)),
    };
  }

  // ---- the disclosure rules ------------------------------------------------------------------

  /**
   * Judges a problem against the person's latest statement made by `at`. The statement is opened
   * only when a rule needs it (not for self-check, not without a matching item), and that read
   * is audited in the caller's transaction.
   */
  private async judge(
    principal: Principal,
    requestId: string,
    input: {
      campaignId: string;
      personId: string;
      problemId: string;
      channel: ProblemChannel;
      clarificationItem: ClarificationItem | null;
      at: number;
      tx: EntityManager;
    },
  ): Promise<{ outcome: ProblemEntity['disclosure']; statementId: string | null }> {
    const statement =
      input.channel === 'self_check' || input.clarificationItem === null
        ? null
        : await this.statements.latestAt(input.campaignId, input.personId, new Date(input.at));
    let answers: StatementAnswer[] | null = null;
    if (statement) {
      await this.reads.record(
        principal,
        requestId,
        [
          {
            what: 'statement',
            subjectType: 'statement',
            subjectId: statement.id,
            details: {
              purpose: 'disclosure_rules',
              problemId: input.problemId,
              clarificationItem: input.clarificationItem,
              version: statement.version,
            },
          },
        ],
        input.tx,
      );
      answers = await this.statements.open(statement.id);
    }
    return {
      outcome: judgeDisclosure({
        channel: input.channel,
        clarificationItem: input.clarificationItem,
        answers,
      }),
      statementId: statement?.id ?? null,
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * The unit that found the problem: the one named (in the caller's scope, the person's unit or
   * above it), or the caller's nearest grant over the person's unit.
   */
  private async foundBy(
    principal: Principal,
    unit: { id: string; path: string },
    given: string | undefined,
    violations: Violation[],
  ): Promise<{ id: string; path: string }> {
    if (given !== undefined) {
      const found = await this.org.findUnit(given);
      if (
        !found ||
        !principal.covers('problems.register', found.path) ||
        !isWithin(unit.path, found.path)
      ) {
        violations.push({
          field: 'foundByUnitId',
          rule: 'unit_not_above',
          message: "the finding unit must be in your scope, the person's unit or one above it",
        });
        return unit;
      }
      return { id: found.id, path: found.path };
    }
    const covering = principal.grants
      .filter(
        (g) =>
          (g.role === 'admin' || principal.covers('problems.register', g.unitPath)) &&
          isWithin(unit.path, g.unitPath),
      )
      .sort((a, b) => b.unitPath.length - a.unitPath.length)[0];
    return covering ? { id: covering.unitId, path: covering.unitPath } : unit;
  }

  /** Tells the inspectors nearest the person's unit, in the same transaction as the flag. */
  async notifyConcealment(
    tx: EntityManager,
    input: {
      flagId: string;
      campaign: CampaignEntity;
      unitId: string;
      unitName: string;
      itemId: string;
      description: string;
      clarificationItem: ClarificationItem;
    },
  ): Promise<void> {
    const inspectors = await this.org.nearestRoleHolders(input.unitId, 'inspector');
    if (!inspectors) {
      this.logger.warn({ flagId: input.flagId }, 'a concealment flag has no inspector to tell');
      return;
    }
    const [{ number }]: Array<{ number: number }> = await tx.query(
      'SELECT number FROM ledger_items WHERE id = $1',
      [input.itemId],
    );
    const itemRef = itemReference(number, input.description);
    const requests: NotificationRequest[] = inspectors.personIds.map((personId) => ({
      dedupeKey: `concealment-${input.flagId}:${personId}`,
      recipientPersonId: personId,
      templateKey: 'concealment_flagged',
      params: {
        itemRef,
        clarification: LABELS.clarificationItem[input.clarificationItem],
        unitName: input.unitName,
        campaignTitle: input.campaign.title,
      },
      campaignId: input.campaign.id,
      rehearsal: input.campaign.rehearsal,
      channels: ['inbox', 'email'],
      urgency: 'escalation',
    }));
    await this.notifications.enqueue(requests, `concealment-${input.flagId}`, tx);
  }

  /** Sends a committed batch's e-mails now; what does not start is swept up by maintenance. */
  async deliver(batchKey: string): Promise<void> {
    try {
      await withinDeadline(this.temporal, Date.now() + this.config.temporal.timeouts.startMs, () =>
        startNotificationBatch(this.temporal, this.config.temporal.taskQueue, batchKey),
      );
    } catch (error) {
      this.logger.warn(
        { batchKey, err: error instanceof Error ? error.name : typeof error },
        'notification batch left to the maintenance sweep',
      );
    }
  }

  private campaignNow(campaign: CampaignEntity): number {
    return new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
  }

  private async problemView(
    problem: ProblemEntity,
    flag: ConcealmentFlagEntity | null,
    item: ProblemView['item'],
    language: Language,
  ): Promise<
    Omit<
      ProblemView,
      'reportBackHandling' | 'reportedBackByPersonId' | 'disposition' | 'dispositions'
    >
  > {
    return {
      id: problem.id,
      campaignId: problem.campaignId,
      personId: problem.personId,
      unitId: problem.unitId,
      channel: labelled('itemSource', problem.channel, language),
      sourceRound: problem.sourceRound,
      category: labelled('itemCategory', problem.category, language),
      clarificationItem:
        problem.clarificationItem === null
          ? null
          : labelled('clarificationItem', problem.clarificationItem, language),
      severity: labelled('problemSeverity', problem.severity, language),
      handling: labelled('problemHandling', problem.handling, language),
      foundByUnitId: problem.foundByUnitId,
      disclosure: labelled('disclosureOutcome', problem.disclosure, language),
      statementId: problem.statementId,
      portraitSource:
        problem.portraitSource === null
          ? null
          : labelled('portraitSource', problem.portraitSource, language),
      meetingId: problem.meetingId,
      registeredAt: problem.registeredAt.toISOString(),
      reportBack: problem.reportBack,
      reportedBackAt: problem.reportedBackAt?.toISOString() ?? null,
      rehearsal: problem.rehearsal,
      concealmentFlag: flag ? await this.flagView(flag, language) : null,
      item,
    };
  }

  async flagView(flag: ConcealmentFlagEntity, language: Language): Promise<ConcealmentFlagView> {
    const statement = await this.statements.find(flag.statementId);
    return {
      id: flag.id,
      status: labelled('concealmentFlagStatus', flag.status, language),
      clarificationItem: labelled('clarificationItem', flag.clarificationItem, language),
      statementId: flag.statementId,
      statementVersion: statement?.version ?? 0,
      raisedAt: flag.raisedAt.toISOString(),
      decidedAt: flag.decidedAt?.toISOString() ?? null,
      decidedByPersonId: flag.decidedByPersonId,
      reason: flag.reason,
    };
  }
}

import { randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import {
  checkAssignment,
  checkRegistration,
  checkVerdict,
  type Language,
  NotFoundError,
  RuleBrokenError,
  type VerifierRole,
  type Violation,
  WrongStateError,
} from '@campaign/domain';
import {
  CalendarRepository,
  type CampaignEntity,
  CampaignReadModelRepository,
  IdempotencyRepository,
  LedgerRepository,
  OrgRepository,
} from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { requireAccess } from '../auth/access.js';
import type { Action } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';
import { refuseWithoutLedger } from '../campaigns/campaign-open.js';
import { claimIdempotencyKey, idFromKey } from '../common/idempotency.js';
import type { UploadedEvidenceFile } from '../evidence/uploads.js';
import { ItemAccess } from './item-access.service.js';
import { ItemEvidenceService } from './item-evidence.service.js';
import { ItemMoves } from './item-moves.service.js';
import { ItemQueriesService } from './item-queries.service.js';
import { type ItemRecordMove, recordParts } from './item-records.js';
import { ItemStarter } from './item-starter.js';
import type {
  AssignItemDto,
  ExtensionDecisionDto,
  FlagSupervisionDto,
  ItemDetailView,
  ItemReportDto,
  RegisterItemDto,
  RequestExtensionDto,
  VerifyItemDto,
} from './items.dto.js';
import { assignmentOf, campaignNow, deadlineHorizonProblems } from './ledger-context.js';

/** Who may make each record on an item (the policy table's action). */
const RECORD_ACTIONS: Record<ItemRecordMove['kind'], Action> = {
  talk: 'items.talk',
  offence: 'items.verify',
  review: 'items.verify',
  look_back: 'items.verify',
  spot_check: 'items.supervise',
  summary: 'items.register',
};

/** The route an idempotency key of a registration is scoped to. */
const REGISTER_ROUTE = 'POST /items';

/**
 * The rectification ledger's moves (DOMAIN.md D5): the office registers and assigns items, the
 * responsible person reports progress, submits and asks for more time, inspectors verify and
 * decide; every move after registration is an update of the item's own workflow (ItemMoves),
 * judged by the ledger's core (409 for the wrong state, 422 for a broken rule) before anything
 * changes. Each answers the item as it then reads (ItemQueriesService).
 */
@Injectable()
export class ItemCommandsService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly readModel: CampaignReadModelRepository,
    private readonly org: OrgRepository,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly starter: ItemStarter,
    private readonly idempotency: IdempotencyRepository,
    private readonly calendar: CalendarRepository,
    private readonly access: ItemAccess,
    private readonly moves: ItemMoves,
    private readonly evidence: ItemEvidenceService,
    private readonly queries: ItemQueriesService,
  ) {}

  // ---- registration and assignment (the office) --------------------------------------------

  async register(
    principal: Principal,
    body: RegisterItemDto,
    language: Language,
    key?: string,
  ): Promise<ItemDetailView> {
    const campaign = await this.readModel.findById(body.campaignId);
    const unit = await this.org.findUnit(body.unitId);
    const refusal = { unknown: 'campaign unit', id: `${body.campaignId}/${body.unitId}` };
    if (!campaign) throw new NotFoundError(refusal.unknown, refusal.id);
    requireAccess(principal, 'items.register', unit?.path, refusal);
    refuseWithoutLedger(campaign);
    const violations: Violation[] = [];
    if (!(await this.readModel.unitIds(campaign.id)).includes(unit.id)) {
      violations.push({
        field: 'unitId',
        rule: 'unit_not_in_campaign',
        message: 'the unit is not covered by this campaign',
      });
    }
    violations.push(
      ...(await this.access.peopleProblems(principal, 'items.register', body.personIds)),
    );
    // The same Idempotency-Key always names the same item: a retried registration answers it.
    const id = key ? idFromKey(principal.accountId, REGISTER_ROUTE, key) : randomUUID();
    const at = campaignNow(campaign);
    const registration = {
      type: 'registered' as const,
      at,
      by: principal.personId,
      requestId: id,
      itemId: id,
      campaignId: campaign.id,
      unitId: unit.id,
      personIds: body.personIds,
      source: body.source,
      ...(body.sourceRound !== undefined ? { sourceRound: body.sourceRound } : {}),
      category: body.category,
    };
    violations.push(...checkRegistration(registration));
    if (violations.length > 0)
      throw new RuleBrokenError('the item cannot be registered', violations);

    let first = true;
    await this.dataSource.transaction(async (tx) => {
      if (key) {
        first = await claimIdempotencyKey(this.idempotency, tx, {
          accountId: principal.accountId,
          route: REGISTER_ROUTE,
          key,
          body,
          resourceId: id,
        });
        if (!first) return;
      }
      await this.ledger.insertItems(
        [
          {
            id,
            campaignId: campaign.id,
            unitId: unit.id,
            personIds: body.personIds,
            description: body.description,
            source: body.source,
            sourceRound: body.sourceRound ?? null,
            category: body.category,
            registeredByPersonId: principal.personId,
            registeredAt: new Date(at),
            rehearsal: campaign.rehearsal,
          },
        ],
        tx,
      );
    });
    if (!first) return this.queries.get(principal, id, language);
    // The row is committed: the item exists. Its workflow starts now, or, if Temporal does not
    // confirm in time, by the start reconciler a little later (the item shows as starting).
    await this.starter.start([id], Date.now() + this.config.temporal.timeouts.startMs);
    this.logger.info({ itemId: id, campaignId: campaign.id }, 'ledger item registered');
    return this.queries.get(principal, id, language);
  }

  async assign(
    principal: Principal,
    id: string,
    body: AssignItemDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item, campaign } = await this.access.acting(principal, id, 'items.register');
    const violations = await this.assignmentProblems(principal, body, campaign);
    if (violations.length > 0) throw new RuleBrokenError('the item cannot be assigned', violations);
    await this.moves.command(item, {
      type: 'assigned',
      by: principal.personId,
      ...assignmentOf(body),
    });
    return this.queries.get(principal, id, language);
  }

  /**
   * What is wrong with an assignment the office makes: each of the six clarities missing (the
   * ledger's `checkAssignment`), and the people and unit it names unknown, outside the office's
   * scope or gone, and a deadline beyond the campaign's horizon. Rule-making tasks are assigned
   * by the same rules.
   */
  async assignmentProblems(
    principal: Principal,
    body: AssignItemDto,
    campaign: CampaignEntity,
  ): Promise<Violation[]> {
    const violations = checkAssignment(body);
    violations.push(
      ...(await this.horizonProblems(campaign, [
        { field: 'deadline', day: body.deadline, workingDays: body.deadlineWorkingDays },
      ])),
    );
    const named = [body.responsibleLeaderId, body.responsiblePersonId, body.supervisingLeaderId];
    const fields = ['responsibleLeaderId', 'responsiblePersonId', 'supervisingLeaderId'];
    const problems = await this.access.peopleProblems(
      principal,
      'items.register',
      named.filter((p): p is string => !!p),
    );
    for (const problem of problems) {
      const index = Number(problem.field.split('.')[1]);
      const person = named.filter((p): p is string => !!p)[index];
      violations.push({ ...problem, field: fields[named.indexOf(person)] });
    }
    if (body.responsibleUnitId) {
      const unit = await this.org.findUnit(body.responsibleUnitId);
      if (!unit || !principal.covers('items.register', unit.path)) {
        violations.push({
          field: 'responsibleUnitId',
          rule: 'unit_unknown',
          message: 'no such unit within your scope',
        });
      }
    }
    return violations;
  }

  /** The office flags an item for supervision (挂牌督办): the leader receives every rung. */
  async flagSupervision(
    principal: Principal,
    id: string,
    body: FlagSupervisionDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item } = await this.access.acting(principal, id, 'items.register');
    const problems = await this.access.peopleProblems(principal, 'items.register', [
      body.supervisingLeaderId,
    ]);
    if (problems.length > 0) {
      throw new RuleBrokenError(
        'the supervising leader cannot be named',
        problems.map((p) => ({ ...p, field: 'supervisingLeaderId' })),
      );
    }
    await this.moves.command(item, {
      type: 'supervision_flagged',
      by: principal.personId,
      supervisingLeaderId: body.supervisingLeaderId,
    });
    return this.queries.get(principal, id, language);
  }

  /**
   * The office retries a parked item's failed step (once the data is fixed): its workflow is
   * woken and records the step itself, which clears the mark. 409 when the item is not parked.
   */
  async retry(principal: Principal, id: string, language: Language): Promise<ItemDetailView> {
    const { item } = await this.access.acting(principal, id, 'items.retry');
    if (item.parkedAt === null) throw new WrongStateError('the item is not parked');
    await this.moves.retry(item);
    return this.queries.get(principal, id, language);
  }

  // ---- the responsible person --------------------------------------------------------------

  /** A progress report or the completion, with its evidence: the report first, then its files. */
  async report(
    principal: Principal,
    id: string,
    kind: 'progress' | 'completion',
    body: ItemReportDto,
    files: UploadedEvidenceFile[],
    language: Language,
  ): Promise<ItemDetailView> {
    const { item, campaign } = await this.access.responsible(principal, id);
    const stored = this.evidence.describe(files);
    const reportId = randomUUID();
    await this.ledger.insertReport({
      id: reportId,
      itemId: id,
      kind,
      text: body.text,
      link: body.link ?? null,
      files: stored,
      reportedByPersonId: principal.personId,
      reportedAt: new Date(campaignNow(campaign)),
    });
    // The files once their report is recorded: a report the database refuses stores none.
    try {
      await this.evidence.store(files);
    } catch (error) {
      await this.ledger.deleteReport(reportId);
      throw error;
    }
    const evidence = stored.length + (body.link ? 1 : 0) + 1;
    await this.moves.commandUndoneIfRefused(
      item,
      {
        type: kind === 'progress' ? 'progress_reported' : 'submitted',
        by: principal.personId,
        reportId,
        evidence,
      },
      async () => {
        await this.ledger.deleteReport(reportId);
        await this.evidence.discardUnheld(stored);
      },
    );
    return this.queries.get(principal, id, language);
  }

  async requestExtension(
    principal: Principal,
    id: string,
    body: RequestExtensionDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item, campaign } = await this.access.responsible(principal, id);
    const beyond = await this.horizonProblems(campaign, [
      { field: 'newDeadline', day: body.newDeadline },
    ]);
    if (beyond.length > 0) throw new RuleBrokenError('the new deadline is too late', beyond);
    const extensionId = randomUUID();
    await this.ledger.insertExtension({
      id: extensionId,
      itemId: id,
      requestedByPersonId: principal.personId,
      requestedAt: new Date(campaignNow(campaign)),
      requestedDeadline: body.newDeadline,
      reason: body.reason,
    });
    await this.moves.commandUndoneIfRefused(
      item,
      {
        type: 'extension_requested',
        by: principal.personId,
        extensionId,
        newDeadline: body.newDeadline,
        reason: body.reason,
      },
      () => this.ledger.deleteExtension(extensionId),
    );
    return this.queries.get(principal, id, language);
  }

  // ---- inspectors --------------------------------------------------------------------------

  /** An inspector closes (销号) the submitted item, or sends it back with its reason. */
  /**
   * Closes (销号) the submitted item or sends it back, as an inspector (`items.verify`) or as the
   * office's rectification task force (整改专班, `items.check`); which of them closes is the
   * campaign plan's (`review.closedBy`), judged by the item's core.
   */
  async verify(
    principal: Principal,
    id: string,
    body: VerifyItemDto,
    language: Language,
    as: VerifierRole = 'inspector',
  ): Promise<ItemDetailView> {
    const { item } = await this.access.acting(
      principal,
      id,
      as === 'inspector' ? 'items.verify' : 'items.check',
    );
    const unsaid = checkVerdict(body);
    if (unsaid.length > 0) throw new RuleBrokenError('a send-back needs its reason', unsaid);
    const role = as === 'inspector' ? {} : { as };
    if (body.decision === 'close') {
      await this.moves.command(item, {
        type: 'verified',
        decision: 'close',
        by: principal.personId,
        ...role,
        ...(body.reason ? { note: body.reason } : {}),
      });
    } else {
      await this.moves.command(item, {
        type: 'verified',
        decision: 'send_back',
        reason: body.sendBackReason ?? 'other',
        by: principal.personId,
        ...role,
        note: body.reason!,
      });
    }
    return this.queries.get(principal, id, language);
  }

  async decideExtension(
    principal: Principal,
    id: string,
    extensionId: string,
    body: ExtensionDecisionDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item, campaign } = await this.access.acting(principal, id, 'items.verify');
    const beyond = await this.horizonProblems(campaign, [
      { field: 'deadline', day: body.deadline },
    ]);
    if (beyond.length > 0) throw new RuleBrokenError('the new deadline is too late', beyond);
    const extension = await this.ledger.findExtension(id, extensionId);
    if (!extension) throw new NotFoundError('extension request', extensionId);
    if (extension.status !== 'pending')
      throw new WrongStateError(`the request is ${extension.status} already`);
    await this.moves.command(item, {
      type: 'extension_decided',
      by: principal.personId,
      extensionId,
      decision: body.decision,
      ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
    });
    if (body.reason) await this.ledger.setDecisionReason(extensionId, body.reason);
    return this.queries.get(principal, id, language);
  }

  /**
   * An inspector's or the office's record on an item — an admonishment talk, a repeat offence,
   * a periodic review, a look-back, a case summary: written first, then the move it stands for
   * is asked of the item's workflow (refused: the record goes again).
   */
  async record(
    principal: Principal,
    id: string,
    move: ItemRecordMove,
    language: Language,
  ): Promise<ItemDetailView> {
    const action: Action = RECORD_ACTIONS[move.kind];
    const { item, campaign } = await this.access.acting(principal, id, action);
    if (move.kind === 'look_back' || move.kind === 'spot_check') {
      // A rebound's new deadline is bounded as any other deadline is.
      const beyond = await this.horizonProblems(campaign, [
        { field: 'newDeadline', day: move.newDeadline },
      ]);
      if (beyond.length > 0) throw new RuleBrokenError('the new deadline is too late', beyond);
    }
    if (move.kind === 'talk') {
      const problems = await this.access.peopleProblems(principal, 'items.read', move.attendeeIds);
      if (problems.length > 0) {
        throw new RuleBrokenError(
          'the talk names people outside your scope',
          problems.map((p) => ({ ...p, field: p.field.replace('personIds', 'attendeeIds') })),
        );
      }
    }
    const recordId = randomUUID();
    const { text, details, command } = recordParts(move, recordId, principal.personId);
    await this.ledger.insertReport({
      id: recordId,
      itemId: id,
      kind: move.kind,
      text,
      link: null,
      files: [],
      details,
      reportedByPersonId: principal.personId,
      reportedAt: new Date(campaignNow(campaign)),
    });
    await this.moves.commandUndoneIfRefused(item, command, () =>
      this.ledger.deleteReport(recordId),
    );
    return this.queries.get(principal, id, language);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The campaign's bound on the deadlines a move names (LEDGER_DEADLINE_HORIZON_DAYS). */
  private horizonProblems(
    campaign: CampaignEntity,
    deadlines: Parameters<typeof deadlineHorizonProblems>[4],
  ): Promise<Violation[]> {
    return deadlineHorizonProblems(
      this.calendar,
      campaign,
      campaignNow(campaign),
      this.config.ledger.deadlineHorizonDays,
      deadlines,
    );
  }
}

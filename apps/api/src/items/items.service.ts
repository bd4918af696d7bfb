import { randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import {
  ITEM_COMMAND_REFUSED,
  ITEM_STEP_FAILED,
  type ItemCommand,
  itemCommandUpdate,
  type ItemRefusalDetails,
  itemWorkflowId,
  retryItemStepSignal,
} from '@campaign/contracts';
import {
  CampaignClock,
  checkAssignment,
  checkRegistration,
  checkVerdict,
  DomainError,
  ForbiddenError,
  ITEM_STATUSES,
  type ItemEventType,
  type ItemTimerKind,
  type Language,
  NotFoundError,
  type ResponsibilityRole,
  RuleBrokenError,
  type Violation,
  WrongStateError,
} from '@campaign/domain';
import {
  type AccountabilityEntryEntity,
  CadenceRepository,
  CalendarRepository,
  campaignClockSpec,
  type CampaignEntity,
  CampaignReadModelRepository,
  type Delivery,
  type EvidenceFile,
  IdempotencyRepository,
  type LedgerExtensionEntity,
  type LedgerItemEntity,
  type LedgerReportEntity,
  LedgerRepository,
  OrgRepository,
} from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';

import { requireAccess } from '../auth/access.js';
import type { Action } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';
import { refuseEnded, refuseWithoutLedger } from '../campaigns/campaign-open.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { claimIdempotencyKey, idFromKey } from '../common/idempotency.js';
import { labelled } from '../common/labelled.js';
import { EVIDENCE_STORAGE, type EvidenceStorage, sha256Of } from '../evidence/evidence-storage.js';
import type { UploadedEvidenceFile } from '../evidence/uploads.js';
import {
  repeatableWithinDeadline,
  TemporalDeadlineExceeded,
  withinDeadline,
} from '../temporal/deadline.js';
import { ItemStarter } from './item-starter.js';
import type {
  AccountabilityEntryView,
  AccountabilityPageView,
  AccountabilityQueryDto,
  AssignItemDto,
  ExtensionDecisionDto,
  ExtensionView,
  FlagSupervisionDto,
  ItemDetailView,
  ItemPageView,
  ItemReportDto,
  ItemReportView,
  ItemsQueryDto,
  ItemView,
  LedgerUnitsView,
  LookBackDto,
  RecordNoteDto,
  RegisterItemDto,
  RequestExtensionDto,
  ReviewDto,
  SummaryDto,
  TalkDto,
  TimelineView,
  VerifyItemDto,
} from './items.dto.js';
import { assignmentOf, deadlineHorizonProblems } from './ledger-context.js';
import { ledgerWorkbook } from './ledger-workbook.js';

/**
 * A move the item's workflow certainly did not make — refused, no workflow to take it, its step
 * failed — carrying the error to answer with. Anything else (Temporal late or down) may still
 * be made.
 */
class MoveNotMade extends Error {
  constructor(readonly error: unknown) {
    super('the move was not made');
    this.name = 'MoveNotMade';
  }
}

/** The route an idempotency key of a registration is scoped to. */
const REGISTER_ROUTE = 'POST /items';
const DAY_MS = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The rectification ledger's API (DOMAIN.md D5): the office registers and assigns items, the
 * responsible person reports progress, submits and asks for more time, inspectors verify and
 * decide; every move after registration is an update of the item's own workflow, judged by the
 * ledger's core (409 for the wrong state, 422 for a broken rule) before anything changes.
 * People see an item when it lies in their scope for `items.read`, or when it is theirs
 * (responsible, responsible leader, supervising leader, concerned); anyone else gets 404.
 */
@Injectable()
export class ItemsService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly readModel: CampaignReadModelRepository,
    private readonly org: OrgRepository,
    private readonly campaigns: CampaignsService,
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    private readonly starter: ItemStarter,
    private readonly idempotency: IdempotencyRepository,
    private readonly cadence: CadenceRepository,
    private readonly calendar: CalendarRepository,
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
    violations.push(...(await this.peopleProblems(principal, 'items.register', body.personIds)));
    // The same Idempotency-Key always names the same item: a retried registration answers it.
    const id = key ? idFromKey(principal.accountId, REGISTER_ROUTE, key) : randomUUID();
    const at = this.campaignNow(campaign);
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
    if (!first) return this.get(principal, id, language);
    // The row is committed: the item exists. Its workflow starts now, or, if Temporal does not
    // confirm in time, by the start reconciler a little later (the item shows as starting).
    await this.starter.start([id], Date.now() + this.config.temporal.timeouts.startMs);
    this.logger.info({ itemId: id, campaignId: campaign.id }, 'ledger item registered');
    return this.get(principal, id, language);
  }

  async assign(
    principal: Principal,
    id: string,
    body: AssignItemDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item, campaign } = await this.acting(principal, id, 'items.register');
    const violations = await this.assignmentProblems(principal, body, campaign);
    if (violations.length > 0) throw new RuleBrokenError('the item cannot be assigned', violations);
    await this.command(item, {
      type: 'assigned',
      by: principal.personId,
      ...assignmentOf(body),
    });
    return this.get(principal, id, language);
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
    const problems = await this.peopleProblems(
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

  // ---- the responsible person --------------------------------------------------------------

  async report(
    principal: Principal,
    id: string,
    kind: 'progress' | 'completion',
    body: ItemReportDto,
    files: UploadedEvidenceFile[],
    language: Language,
  ): Promise<ItemDetailView> {
    const { item, campaign } = await this.responsible(principal, id);
    // Names checked and cut to the column at the edge (evidence/uploads.ts).
    const stored: EvidenceFile[] = files.map((file) => ({
      fileName: file.originalname,
      contentType: file.mimetype.slice(0, 100),
      sizeBytes: file.size,
      sha256: sha256Of(file.buffer),
    }));
    const reportId = randomUUID();
    await this.ledger.insertReport({
      id: reportId,
      itemId: id,
      kind,
      text: body.text,
      link: body.link ?? null,
      files: stored,
      reportedByPersonId: principal.personId,
      reportedAt: new Date(this.campaignNow(campaign)),
    });
    // The files once their report is recorded: a report the database refuses stores none.
    try {
      for (const file of files) await this.storage.put(file.buffer);
    } catch (error) {
      await this.ledger.deleteReport(reportId);
      throw error;
    }
    const evidence = stored.length + (body.link ? 1 : 0) + 1;
    await this.undoneIfRefused(
      () =>
        this.move(item, {
          type: kind === 'progress' ? 'progress_reported' : 'submitted',
          by: principal.personId,
          reportId,
          evidence,
        }),
      async () => {
        await this.ledger.deleteReport(reportId);
        await this.discardUnheld(stored.map((f) => f.sha256));
      },
    );
    return this.get(principal, id, language);
  }

  /**
   * Removes the files of a refused report that no evidence holds: kept by their content, the
   * same bytes may back another report or task, which keeps them.
   */
  private async discardUnheld(sha256s: string[]): Promise<void> {
    if (sha256s.length === 0) return;
    const unheld: Array<{ sha256: string }> = await this.dataSource.query(
      `SELECT s AS sha256 FROM unnest($1::text[]) s
       WHERE NOT EXISTS (SELECT 1 FROM task_evidence t WHERE t.sha256 = s)
         AND NOT EXISTS (SELECT 1 FROM ledger_reports r
                         WHERE r.files @> jsonb_build_array(jsonb_build_object('sha256', s)))`,
      [sha256s],
    );
    for (const { sha256 } of unheld) await this.storage.discard(sha256);
  }

  async requestExtension(
    principal: Principal,
    id: string,
    body: RequestExtensionDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item, campaign } = await this.responsible(principal, id);
    const beyond = await this.horizonProblems(campaign, [
      { field: 'newDeadline', day: body.newDeadline },
    ]);
    if (beyond.length > 0) throw new RuleBrokenError('the new deadline is too late', beyond);
    const extensionId = randomUUID();
    await this.ledger.insertExtension({
      id: extensionId,
      itemId: id,
      requestedByPersonId: principal.personId,
      requestedAt: new Date(this.campaignNow(campaign)),
      requestedDeadline: body.newDeadline,
      reason: body.reason,
    });
    await this.undoneIfRefused(
      () =>
        this.move(item, {
          type: 'extension_requested',
          by: principal.personId,
          extensionId,
          newDeadline: body.newDeadline,
          reason: body.reason,
        }),
      () => this.ledger.deleteExtension(extensionId),
    );
    return this.get(principal, id, language);
  }

  // ---- inspectors --------------------------------------------------------------------------

  async verify(
    principal: Principal,
    id: string,
    body: VerifyItemDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item } = await this.acting(principal, id, 'items.verify');
    const unsaid = checkVerdict(body);
    if (unsaid.length > 0) throw new RuleBrokenError('a send-back needs its reason', unsaid);
    if (body.decision === 'close') {
      await this.command(item, {
        type: 'verified',
        decision: 'close',
        by: principal.personId,
        ...(body.reason ? { note: body.reason } : {}),
      });
    } else {
      await this.command(item, {
        type: 'verified',
        decision: 'send_back',
        reason: body.sendBackReason ?? 'other',
        by: principal.personId,
        note: body.reason!,
      });
    }
    return this.get(principal, id, language);
  }

  /** The office flags an item for supervision (挂牌督办): the leader receives every rung. */
  async flagSupervision(
    principal: Principal,
    id: string,
    body: FlagSupervisionDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item } = await this.acting(principal, id, 'items.register');
    const problems = await this.peopleProblems(principal, 'items.register', [
      body.supervisingLeaderId,
    ]);
    if (problems.length > 0) {
      throw new RuleBrokenError(
        'the supervising leader cannot be named',
        problems.map((p) => ({ ...p, field: 'supervisingLeaderId' })),
      );
    }
    await this.command(item, {
      type: 'supervision_flagged',
      by: principal.personId,
      supervisingLeaderId: body.supervisingLeaderId,
    });
    return this.get(principal, id, language);
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
    const action: Action = move.kind === 'summary' ? 'items.register' : 'items.verify';
    const { item, campaign } = await this.acting(principal, id, action);
    if (move.kind === 'look_back') {
      // A rebound's new deadline is bounded as any other deadline is.
      const beyond = await this.horizonProblems(campaign, [
        { field: 'newDeadline', day: move.newDeadline },
      ]);
      if (beyond.length > 0) throw new RuleBrokenError('the new deadline is too late', beyond);
    }
    if (move.kind === 'talk') {
      const problems = await this.peopleProblems(principal, 'items.read', move.attendeeIds);
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
      reportedAt: new Date(this.campaignNow(campaign)),
    });
    await this.undoneIfRefused(
      () => this.move(item, command),
      () => this.ledger.deleteReport(recordId),
    );
    return this.get(principal, id, language);
  }

  async decideExtension(
    principal: Principal,
    id: string,
    extensionId: string,
    body: ExtensionDecisionDto,
    language: Language,
  ): Promise<ItemDetailView> {
    const { item, campaign } = await this.acting(principal, id, 'items.verify');
    const beyond = await this.horizonProblems(campaign, [
      { field: 'deadline', day: body.deadline },
    ]);
    if (beyond.length > 0) throw new RuleBrokenError('the new deadline is too late', beyond);
    const extension = await this.ledger.findExtension(id, extensionId);
    if (!extension) throw new NotFoundError('extension request', extensionId);
    if (extension.status !== 'pending')
      throw new WrongStateError(`the request is ${extension.status} already`);
    await this.command(item, {
      type: 'extension_decided',
      by: principal.personId,
      extensionId,
      decision: body.decision,
      ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
    });
    if (body.reason) await this.ledger.setDecisionReason(extensionId, body.reason);
    return this.get(principal, id, language);
  }

  /**
   * The office retries a parked item's failed step (once the data is fixed): its workflow is
   * woken and records the step itself, which clears the mark. 409 when the item is not parked.
   */
  async retry(principal: Principal, id: string, language: Language): Promise<ItemDetailView> {
    const { item } = await this.acting(principal, id, 'items.retry');
    if (item.parkedAt === null) throw new WrongStateError('the item is not parked');
    try {
      await withinDeadline(this.temporal, Date.now() + this.config.temporal.timeouts.updateMs, () =>
        this.temporal.workflow.getHandle(itemWorkflowId(item.id)).signal(retryItemStepSignal),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw new WrongStateError('the item is confirmed and its ledger line is closed');
      if (error instanceof ServiceError || error instanceof TemporalDeadlineExceeded)
        throw new DomainError('unavailable', 'the item could not be reached; try again shortly');
      throw error;
    }
    return this.get(principal, id, language);
  }

  // ---- reading -----------------------------------------------------------------------------

  async get(principal: Principal, id: string, language: Language): Promise<ItemDetailView> {
    const { item } = await this.visible(principal, id);
    const [reports, extensions, entries] = await Promise.all([
      this.ledger.reports(id),
      this.ledger.extensions(id),
      this.ledger.entriesOf(id),
    ]);
    const deliveries = await this.ledger.deliveries(entries.map((e) => e.key));
    return {
      ...this.itemView(item, language),
      reports: reports.map(reportView),
      extensions: extensions.map(extensionView),
      escalations: entries.map((e) => this.entryView(e, deliveries.get(e.key) ?? [], language)),
    };
  }

  async timeline(principal: Principal, id: string, language: Language): Promise<TimelineView> {
    await this.visible(principal, id);
    const lines = await this.ledger.timeline(id);
    return {
      itemId: id,
      entries: lines.map((line) => ({
        at: line.at.toISOString(),
        kind: line.kind.startsWith('timer:')
          ? labelled('itemTimer', line.kind.slice(6) as ItemTimerKind, language)
          : labelled('itemEvent', line.kind as ItemEventType, language),
        actorPersonId: line.actorPersonId,
        requestId: line.requestId,
        status: labelled('itemStatus', line.status, language),
        details: line.details,
      })),
    };
  }

  async list(
    principal: Principal,
    query: ItemsQueryDto,
    language: Language,
  ): Promise<ItemPageView> {
    const { items, total } = await this.ledger.list({
      ...query,
      scope: principal.scope('items.read'),
    });
    return {
      items: items.map((i) => this.itemView(i, language)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The caller's own items: responsible for, responsible leader of, or concerned in. */
  async mine(
    principal: Principal,
    query: ItemsQueryDto,
    language: Language,
  ): Promise<ItemPageView> {
    const { items, total } = await this.ledger.list({
      ...query,
      scope: { all: true },
      personId: principal.personId,
    });
    return {
      items: items.map((i) => this.itemView(i, language)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async accountability(
    principal: Principal,
    query: AccountabilityQueryDto,
    language: Language,
  ): Promise<AccountabilityPageView> {
    const { entries, total } = await this.ledger.accountability({
      scope: principal.scope('accountability.read'),
      campaignId: query.campaignId,
      unitId: query.unitId,
      rung: query.rung,
      personId: query.personId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      page: query.page,
      pageSize: query.pageSize,
    });
    const deliveries = await this.ledger.deliveries(entries.map((e) => e.key));
    return {
      entries: entries.map((e) => this.entryView(e, deliveries.get(e.key) ?? [], language)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * The campaign's ledger as an Excel workbook, scoped like every list: the items of the caller's
   * subtrees. Returns the file and the campaign's title for its name.
   */
  /** Where every unit in the caller's scope stands on a campaign's ledger (supervisors' view). */
  async unitCounts(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<LedgerUnitsView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'items.read');
    const rows = await this.ledger.unitCounts(campaign.id, principal.scope('items.read'));
    return {
      campaignId: campaign.id,
      units: rows.map((r) => ({
        ...r,
        byStatus: ITEM_STATUSES.map((status) => ({
          status: labelled('itemStatus', status, language),
          count: r.byStatus[status],
        })),
      })),
    };
  }

  async workbook(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<{ file: Buffer; title: string }> {
    const campaign = await this.campaigns.get(principal, campaignId, 'items.read');
    const items: LedgerItemEntity[] = [];
    for (let page = 1; ; page++) {
      const chunk = await this.ledger.list({
        scope: principal.scope('items.read'),
        campaignId,
        page,
        pageSize: 1000,
      });
      items.push(...chunk.items);
      if (items.length >= chunk.total || chunk.items.length === 0) break;
    }
    const unitIds = items
      .flatMap((i) => [i.unitId, i.responsibleUnitId])
      .filter((u): u is string => !!u);
    const personIds = items.flatMap((i) =>
      [...i.personIds, i.responsibleLeaderId, i.responsiblePersonId].filter(
        (p): p is string => !!p,
      ),
    );
    const file = await ledgerWorkbook({
      campaignTitle: campaign.title,
      rehearsal: campaign.rehearsal,
      items,
      names: await this.ledger.names([...new Set(unitIds)], [...new Set(personIds)]),
      latestProgress: await this.ledger.latestReports(items.map((i) => i.id)),
      analyses: await this.cadence.list(campaignId, 'analysis', principal.scope('cadence.read')),
      language,
    });
    return { file, title: campaign.title };
  }

  // ---- helpers -----------------------------------------------------------------------------

  private campaignNow(campaign: CampaignEntity): number {
    return new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
  }

  /** The campaign's bound on the deadlines a move names (LEDGER_DEADLINE_HORIZON_DAYS). */
  private horizonProblems(
    campaign: CampaignEntity,
    deadlines: Parameters<typeof deadlineHorizonProblems>[4],
  ): Promise<Violation[]> {
    return deadlineHorizonProblems(
      this.calendar,
      campaign,
      this.campaignNow(campaign),
      this.config.ledger.deadlineHorizonDays,
      deadlines,
    );
  }

  /** The item when the caller may see it: in scope for `items.read`, or one of its people. */
  private async visible(
    principal: Principal,
    id: string,
  ): Promise<{ item: LedgerItemEntity; unitPath: string }> {
    const found = await this.ledger.findWithPath(id);
    if (!found) throw new NotFoundError('ledger item', id);
    const { item } = found;
    const own = [
      item.responsiblePersonId,
      item.responsibleLeaderId,
      item.supervisingLeaderId,
      ...item.personIds,
    ].includes(principal.personId);
    if (!own)
      requireAccess(principal, 'items.read', found.unitPath, { unknown: 'ledger item', id });
    return found;
  }

  /** The item for an action of `action`'s roles: 404 unseen, 403 seen but not theirs to act on. */
  private async acting(
    principal: Principal,
    id: string,
    action: Action,
  ): Promise<{ item: LedgerItemEntity; campaign: CampaignEntity }> {
    const { item, unitPath } = await this.visible(principal, id);
    requireAccess(principal, action, unitPath, {
      forbidden: 'your roles do not allow this on this item',
    });
    return { item, campaign: await this.campaignOf(item) };
  }

  /** The item for its responsible person's moves. */
  private async responsible(
    principal: Principal,
    id: string,
  ): Promise<{ item: LedgerItemEntity; campaign: CampaignEntity }> {
    const { item } = await this.visible(principal, id);
    if (item.responsiblePersonId !== principal.personId)
      throw new ForbiddenError('only the responsible person reports on this item');
    return { item, campaign: await this.campaignOf(item) };
  }

  private async campaignOf(item: LedgerItemEntity): Promise<CampaignEntity> {
    const campaign = await this.readModel.findById(item.campaignId);
    if (!campaign) throw new NotFoundError('campaign', item.campaignId);
    return campaign;
  }

  /** People named on an item must be active and inside the caller's scope. */
  private async peopleProblems(
    principal: Principal,
    action: Action,
    ids: string[],
  ): Promise<Violation[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string; status: string; path: string }> = await this.dataSource.query(
      `SELECT p.id, p.status, u.path::text AS path FROM people p JOIN units u ON u.id = p.unit_id
       WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id, i): Violation[] => {
      const row = byId.get(id);
      if (!row || !principal.covers(action, row.path)) {
        return [
          {
            field: `personIds.${i}`,
            rule: 'person_unknown',
            message: 'nobody by this id in your scope',
          },
        ];
      }
      if (row.status !== 'active') {
        return [{ field: `personIds.${i}`, rule: 'person_left', message: 'this person has left' }];
      }
      return [];
    });
  }

  /**
   * A move whose record (a report, a request) is written before the workflow is asked, so the
   * workflow never names a row that does not exist: if the move is refused (or there is no
   * workflow to take it, or its step failed), the row goes again. Not when Temporal did not
   * answer in time (503): the update may still be applied, and its row must be there when it is.
   */
  private async undoneIfRefused(move: () => Promise<void>, undo: () => Promise<void>) {
    try {
      await move();
    } catch (error) {
      if (error instanceof MoveNotMade) await undo();
      throw error instanceof MoveNotMade ? error.error : error;
    }
  }

  /** Sends a person's move to the item's workflow; the core's refusal becomes 409 or 422. */
  private async command(
    item: LedgerItemEntity,
    command: ItemCommand & { note?: string },
  ): Promise<void> {
    try {
      await this.move(item, command);
    } catch (error) {
      throw error instanceof MoveNotMade ? error.error : error;
    }
  }

  /** `command`, telling a move certainly not made (`MoveNotMade`) from one whose fate is unknown. */
  private async move(
    item: LedgerItemEntity,
    command: ItemCommand & { note?: string },
  ): Promise<void> {
    const campaign = await this.campaignOf(item);
    try {
      refuseEnded(campaign);
    } catch (error) {
      throw new MoveNotMade(error);
    }
    if (item.workflowStartedAt === null)
      throw new MoveNotMade(
        new WrongStateError("the item's workflow is still starting; try again shortly"),
      );
    const requestId = randomUUID();
    try {
      await repeatableWithinDeadline(
        this.temporal,
        Date.now() + this.config.temporal.timeouts.updateMs,
        () =>
          this.temporal.workflow
            .getHandle(itemWorkflowId(item.id))
            .executeUpdate(itemCommandUpdate, {
              args: [{ ...command, requestId }],
              updateId: requestId,
            }),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === ITEM_COMMAND_REFUSED) {
          const details = error.cause.details?.[0] as ItemRefusalDetails | undefined;
          if (details?.code === 'rule_broken')
            throw new MoveNotMade(new RuleBrokenError(error.cause.message, details.violations));
          throw new MoveNotMade(new WrongStateError(error.cause.message));
        }
        if (error.cause.type === ITEM_STEP_FAILED) {
          // Bad data the worker could not record: nothing changed; a 500, logged by the edge.
          throw new MoveNotMade(error);
        }
      }
      if (error instanceof WorkflowNotFoundError)
        throw new MoveNotMade(
          new WrongStateError('the item is confirmed and its ledger line is closed'),
        );
      if (
        error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
        error instanceof ServiceError ||
        error instanceof TemporalDeadlineExceeded
      ) {
        throw new DomainError('unavailable', 'the item did not confirm in time; try again shortly');
      }
      throw error;
    }
  }

  /** An item as every list shows it (the ledger's lists, rule-making tasks). */
  itemView(item: LedgerItemEntity, language: Language): ItemView {
    return {
      id: item.id,
      number: item.number,
      campaignId: item.campaignId,
      unitId: item.unitId,
      personIds: item.personIds,
      description: item.description,
      source: labelled('itemSource', item.source, language),
      sourceRound: item.sourceRound,
      category: labelled('itemCategory', item.category, language),
      status: labelled('itemStatus', item.status, language),
      warningLevel: labelled('warningLevel', item.warningLevel, language),
      rung: item.rung ? labelled('escalationRung', item.rung, language) : null,
      overdue: item.overdue,
      supervised: item.supervisingLeaderId !== null,
      mode: item.mode ? labelled('itemMode', item.mode, language) : null,
      responsibleLeaderId: item.responsibleLeaderId,
      responsibleUnitId: item.responsibleUnitId,
      responsiblePersonId: item.responsiblePersonId,
      supervisingLeaderId: item.supervisingLeaderId,
      deadline: iso(item.deadline),
      originalDeadline: iso(item.originalDeadline),
      cumulativeDelayDays: Math.round(Number(item.cumulativeDelayMs) / DAY_MS),
      acceptanceStandard: item.acceptanceStandard,
      expectedEffect: item.expectedEffect,
      measures: item.measures,
      yellowWarnings: item.yellowWarnings,
      repeatOffences: item.repeatOffences,
      lastProgressAt: iso(item.lastProgressAt),
      closedAt: iso(item.closedAt),
      registeredAt: item.registeredAt.toISOString(),
      registeredByPersonId: item.registeredByPersonId,
      rehearsal: item.rehearsal,
      starting: item.workflowStartedAt === null,
      parked: item.parkedAt ? { at: item.parkedAt.toISOString(), reason: item.parkedReason } : null,
    };
  }

  private entryView(
    entry: AccountabilityEntryEntity,
    deliveries: Delivery[],
    language: Language,
  ): AccountabilityEntryView {
    return {
      id: entry.id,
      itemId: entry.itemId,
      campaignId: entry.campaignId,
      unitId: entry.unitId,
      kind: entry.kind,
      rung: labelled('registerEntry', entry.rung, language),
      level: entry.level ? labelled('warningLevel', entry.level, language) : null,
      reason: entry.reason ? labelled('escalationReason', entry.reason, language) : null,
      at: entry.at.toISOString(),
      recipients: entry.recipients.map((r) => ({
        personId: r.personId,
        role: labelled('responsibilityRole', r.role as ResponsibilityRole, language),
        ...(r.levelsUp !== undefined ? { levelsUp: r.levelsUp } : {}),
      })),
      accountable: entry.accountable,
      documentNumber: entry.documentNumber,
      respondBy: iso(entry.respondBy),
      rehearsal: entry.rehearsal,
      deliveries: deliveries.map((d) => ({
        personId: d.personId,
        channel: d.channel,
        status: d.status,
        sentAt: iso(d.sentAt),
      })),
    };
  }
}

function reportView(r: LedgerReportEntity): ItemReportView {
  return {
    id: r.id,
    kind: r.kind,
    text: r.text,
    details: r.details,
    link: r.link,
    files: r.files,
    reportedByPersonId: r.reportedByPersonId,
    reportedAt: r.reportedAt.toISOString(),
  };
}

function extensionView(e: LedgerExtensionEntity): ExtensionView {
  return {
    id: e.id,
    requestedByPersonId: e.requestedByPersonId,
    requestedAt: e.requestedAt.toISOString(),
    requestedDeadline: e.requestedDeadline,
    reason: e.reason,
    status: e.status,
    decidedByPersonId: e.decidedByPersonId,
    decidedAt: iso(e.decidedAt),
    deadlineAfter: iso(e.deadlineAfter),
    decisionReason: e.decisionReason,
  };
}

/** A record on an item and the move it stands for. */
export type ItemRecordMove =
  | ({ kind: 'talk' } & TalkDto)
  | ({ kind: 'offence' } & RecordNoteDto)
  | ({ kind: 'review' } & ReviewDto)
  | ({ kind: 'look_back' } & LookBackDto)
  | ({ kind: 'summary' } & SummaryDto);

function recordParts(
  move: ItemRecordMove,
  recordId: string,
  by: string,
): { text: string; details: Record<string, unknown>; command: ItemCommand } {
  switch (move.kind) {
    case 'talk':
      return {
        text: move.outcome,
        details: { heldOn: move.heldOn, attendeeIds: move.attendeeIds },
        command: { type: 'talk_recorded', by, recordId },
      };
    case 'offence':
      return {
        text: move.note,
        details: {},
        command: { type: 'offence_repeated', by, recordId },
      };
    case 'review':
      return {
        text: move.note,
        details: { outcome: move.outcome },
        command: { type: 'periodic_review_done', by, outcome: move.outcome },
      };
    case 'look_back':
      return {
        text: move.note,
        details: {
          outcome: move.outcome,
          ...(move.newDeadline ? { newDeadline: move.newDeadline } : {}),
        },
        command: {
          type: 'look_back_done',
          by,
          outcome: move.outcome,
          ...(move.newDeadline ? { newDeadline: move.newDeadline } : {}),
        },
      };
    case 'summary':
      return {
        text: move.text,
        details: move.loopholeTag ? { loopholeTag: move.loopholeTag } : {},
        command: {
          type: 'summary_recorded',
          by,
          summaryId: recordId,
          ...(move.loopholeTag ? { loopholeTag: move.loopholeTag } : {}),
        },
      };
  }
}

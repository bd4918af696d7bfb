import { randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import type { ItemWorkflowInput } from '@campaign/contracts';
import {
  applyItemEvent,
  checkRegistration,
  type Language,
  NotFoundError,
  registerItem,
  RuleBrokenError,
  type Violation,
  WrongStateError,
} from '@campaign/domain';
import {
  CalendarRepository,
  type CampaignEntity,
  CampaignReadModelRepository,
  LedgerItemEntity,
  OrgRepository,
  type RuleTaskEntity,
  RuleTaskRepository,
} from '@campaign/persistence';
import { registerItems } from '@campaign/temporal';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource, In } from 'typeorm';

import { requireAccess } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { refuseWithoutLedger } from '../campaigns/campaign-open.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { labelled } from '../common/labelled.js';
import { ItemCommandsService } from '../items/item-commands.service.js';
import { ItemStarter } from '../items/item-starter.js';
import { itemView } from '../items/item-views.js';
import { assignmentOf, ledgerContext } from '../items/ledger-context.js';
import type {
  AssignRuleTaskDto,
  CreateRuleTaskDto,
  DefineRuleTaskDto,
  RuleTaskPageView,
  RuleTasksQueryDto,
  RuleTaskView,
} from './rule-tasks.dto.js';

/**
 * Rule-making tasks (建章立制, DOMAIN.md D6). A case summary's loophole tag proposes one (the
 * item activity); the office also creates them. While proposed, the office defines them (kind:
 * abolish / amend / establish, title, the items whose problems revealed the loophole). Assigning
 * one gives it the ledger's six clarities and registers it as a ledger item of its own (source
 * `rule_making`) through the ledger's one registration (`registerItems`, with the assignment
 * applied as its workflow starts, as a ledger import does): from then on it has its own
 * `item-<id>` workflow, reminders and escalation ladder, and is read like every item.
 */
@Injectable()
export class RuleTasksService {
  constructor(
    private readonly ruleTasks: RuleTaskRepository,
    private readonly campaigns: CampaignsService,
    private readonly items: ItemCommandsService,
    private readonly readModel: CampaignReadModelRepository,
    private readonly org: OrgRepository,
    private readonly calendar: CalendarRepository,
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly starter: ItemStarter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(
    principal: Principal,
    campaignId: string,
    query: RuleTasksQueryDto,
    language: Language,
  ): Promise<RuleTaskPageView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'rules.read');
    const { tasks, total } = await this.ruleTasks.list({
      campaignId: campaign.id,
      scope: principal.scope('rules.read'),
      status: query.status,
      unitId: query.unitId,
      page: query.page,
      pageSize: query.pageSize,
    });
    return {
      items: await this.views(tasks, language),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(principal: Principal, id: string, language: Language): Promise<RuleTaskView> {
    const { task } = await this.visible(principal, id);
    return (await this.views([task], language))[0];
  }

  async create(
    principal: Principal,
    campaignId: string,
    body: CreateRuleTaskDto,
    language: Language,
  ): Promise<RuleTaskView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'rules.write');
    const unit = await this.org.findUnit(body.unitId);
    requireAccess(principal, 'rules.write', unit?.path, {
      unknown: 'campaign unit',
      id: `${campaignId}/${body.unitId}`,
    });
    refuseWithoutLedger(campaign);
    const violations: Violation[] = [];
    if (!(await this.readModel.unitIds(campaign.id)).includes(unit.id)) {
      violations.push({
        field: 'unitId',
        rule: 'unit_not_in_campaign',
        message: 'the unit is not covered by this campaign',
      });
    }
    violations.push(...(await this.linkedProblems(principal, campaign.id, body.linkedItemIds)));
    if (violations.length > 0)
      throw new RuleBrokenError('the rule-making task cannot be created', violations);
    const id = await this.ruleTasks.insert({
      campaignId: campaign.id,
      unitId: unit.id,
      kind: body.kind,
      title: body.title,
      linkedItemIds: body.linkedItemIds ?? [],
      createdByPersonId: principal.personId,
    });
    this.logger.info({ ruleTaskId: id, campaignId: campaign.id }, 'rule-making task created');
    return this.get(principal, id, language);
  }

  /** Defines a proposed task; one on the ledger already is changed there (409 here). */
  async define(
    principal: Principal,
    id: string,
    body: DefineRuleTaskDto,
    language: Language,
  ): Promise<RuleTaskView> {
    const { task, campaign } = await this.acting(principal, id);
    this.proposed(task);
    refuseWithoutLedger(campaign);
    const violations = await this.linkedProblems(principal, campaign.id, body.linkedItemIds);
    if (violations.length > 0)
      throw new RuleBrokenError('the rule-making task cannot be defined so', violations);
    const changed = await this.ruleTasks.define(id, {
      ...(body.kind !== undefined ? { kind: body.kind } : {}),
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.linkedItemIds !== undefined ? { linkedItemIds: body.linkedItemIds } : {}),
    });
    if (!changed) throw new WrongStateError('the task was assigned meanwhile: it is on the ledger');
    return this.get(principal, id, language);
  }

  /**
   * Assigns the task: judged like a ledger import's assigned row — the six clarities, the
   * people and unit in scope, then registration and assignment by the ledger's own core as the
   * item's workflow will apply them — then registered as a ledger item with the assignment,
   * linked to the task in the same transaction, its workflow started after the commit.
   */
  async assign(
    principal: Principal,
    id: string,
    body: AssignRuleTaskDto,
    language: Language,
  ): Promise<RuleTaskView> {
    const { task, campaign } = await this.acting(principal, id);
    this.proposed(task);
    refuseWithoutLedger(campaign);
    const violations: Violation[] = [];
    const kind = body.kind ?? task.kind;
    if (!kind) {
      violations.push({
        field: 'kind',
        rule: 'required',
        message: 'say whether a rule is abolished, amended or established (废改立)',
      });
    }
    const category = body.category ?? (await this.firstLinkedCategory(task));
    if (!category) {
      violations.push({
        field: 'category',
        rule: 'required',
        message: 'the ledger category (no linked item to take it from)',
      });
    }
    violations.push(...(await this.items.assignmentProblems(principal, body, campaign)));
    if (violations.length > 0)
      throw new RuleBrokenError('the rule-making task cannot be assigned', violations);

    const itemId = randomUUID();
    const at = this.campaigns.now(campaign);
    const by = principal.personId;
    const registration: ItemWorkflowInput['registration'] = {
      type: 'registered',
      at,
      by,
      requestId: itemId,
      itemId,
      campaignId: campaign.id,
      unitId: task.unitId,
      personIds: [],
      source: 'rule_making',
      category: category!,
    };
    const assignment: NonNullable<ItemWorkflowInput['assignment']> = {
      type: 'assigned',
      at,
      by,
      requestId: itemId,
      ...assignmentOf(body),
    };
    // The ledger's own rules, as the item's workflow will apply them (a deadline already past).
    const ctx = await ledgerContext(this.calendar, campaign, at);
    const judged: Violation[] = [...checkRegistration(registration)];
    const registered = judged.length === 0 ? registerItem(registration, ctx) : null;
    if (registered && !registered.ok) judged.push(...registered.violations);
    if (registered?.ok) {
      const assigned = applyItemEvent(registered.state, assignment, ctx);
      if (!assigned.ok) judged.push(...assigned.violations);
    }
    if (judged.length > 0)
      throw new RuleBrokenError('the rule-making task cannot be assigned', judged);

    const title = body.title ?? task.title;
    await this.dataSource.transaction(async (tx) => {
      const tracked = await this.ruleTasks.track(
        task.id,
        itemId,
        { kind: kind!, title, linkedItemIds: task.linkedItemIds },
        tx,
      );
      if (!tracked) throw new WrongStateError('the task was assigned meanwhile');
      await registerItems(
        this.dataSource,
        this.temporal,
        this.config.temporal.taskQueue,
        [
          {
            id: itemId,
            campaignId: campaign.id,
            unitId: task.unitId,
            personIds: [],
            description: title,
            source: 'rule_making',
            sourceRound: null,
            category: category!,
            registeredByPersonId: by,
            registeredAt: new Date(at),
            rehearsal: campaign.rehearsal,
            importedAssignment: assignment,
          },
        ],
        tx,
      );
    });
    // The row is committed: its workflow starts now, or by the start reconciler shortly.
    await this.starter.start([itemId], Date.now() + this.config.temporal.timeouts.startMs);
    this.logger.info({ ruleTaskId: task.id, itemId }, 'rule-making task assigned');
    return this.get(principal, id, language);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The task when its unit lies in the caller's scope for reading rule tasks; else 404. */
  private async visible(
    principal: Principal,
    id: string,
  ): Promise<{ task: RuleTaskEntity; unitPath: string }> {
    const found = await this.ruleTasks.findWithPath(id);
    requireAccess(principal, 'rules.read', found?.unitPath, { unknown: 'rule-making task', id });
    return found;
  }

  /** The task for the office's moves: 404 unseen, 403 seen but not theirs to change. */
  private async acting(
    principal: Principal,
    id: string,
  ): Promise<{ task: RuleTaskEntity; campaign: CampaignEntity }> {
    const { task, unitPath } = await this.visible(principal, id);
    requireAccess(principal, 'rules.write', unitPath, {
      forbidden: 'only the office may change rule-making tasks',
    });
    const campaign = await this.readModel.findById(task.campaignId);
    if (!campaign) throw new NotFoundError('campaign', task.campaignId);
    return { task, campaign };
  }

  private proposed(task: RuleTaskEntity): void {
    if (task.itemId !== null) {
      throw new WrongStateError(
        'the task is on the ledger already: change it through its ledger item',
      );
    }
  }

  /** Linked items must be items of the campaign that the caller reads; each refusal named. */
  private async linkedProblems(
    principal: Principal,
    campaignId: string,
    ids: string[] | undefined,
  ): Promise<Violation[]> {
    if (!ids || ids.length === 0) return [];
    const rows: Array<{ id: string; path: string }> = await this.dataSource.query(
      `SELECT i.id, u.path::text AS path FROM ledger_items i JOIN units u ON u.id = i.unit_id
       WHERE i.id = ANY($1::uuid[]) AND i.campaign_id = $2`,
      [ids, campaignId],
    );
    const known = new Map(rows.map((r) => [r.id, r.path]));
    return ids.flatMap((itemId, i): Violation[] => {
      const path = known.get(itemId);
      return path !== undefined && principal.covers('items.read', path)
        ? []
        : [
            {
              field: `linkedItemIds.${i}`,
              rule: 'item_unknown',
              message: 'no ledger item of this campaign by this id in your scope',
            },
          ];
    });
  }

  private async firstLinkedCategory(task: RuleTaskEntity) {
    if (task.linkedItemIds.length === 0) return undefined;
    const item = await this.dataSource
      .getRepository(LedgerItemEntity)
      .findOneBy({ id: task.linkedItemIds[0] });
    return item?.category;
  }

  private async views(tasks: RuleTaskEntity[], language: Language): Promise<RuleTaskView[]> {
    const itemIds = tasks.map((t) => t.itemId).filter((i): i is string => i !== null);
    const items = itemIds.length
      ? await this.dataSource.getRepository(LedgerItemEntity).findBy({ id: In(itemIds) })
      : [];
    const byId = new Map(items.map((i) => [i.id, i]));
    return tasks.map((t) => {
      const item = t.itemId ? byId.get(t.itemId) : undefined;
      return {
        id: t.id,
        campaignId: t.campaignId,
        unitId: t.unitId,
        kind: t.kind ? labelled('ruleTaskKind', t.kind, language) : null,
        title: t.title,
        origin: labelled('ruleTaskOrigin', t.originKey ? 'case_summary' : 'office', language),
        loopholeTag: t.loopholeTag,
        linkedItemIds: t.linkedItemIds,
        status: labelled('ruleTaskStatus', t.itemId ? 'tracked' : 'proposed', language),
        itemId: t.itemId,
        item: item ? itemView(item, language) : null,
        createdByPersonId: t.createdByPersonId,
        createdAt: t.createdAt.toISOString(),
      };
    });
  }
}

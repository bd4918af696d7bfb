import { randomUUID } from 'node:crypto';

import type { ItemWorkflowInput } from '@campaign/contracts';
import {
  type CalendarYear,
  ITEM_STATUSES,
  type ItemEffect,
  itemFacts,
  type ItemState,
  type ItemStatus,
} from '@campaign/domain';
import { type DataSource, type EntityManager, In } from 'typeorm';

import type {
  AccountabilityKind,
  AccountabilityRecipient,
} from './entities/accountability-entry.entity.js';
import { AccountabilityEntryEntity } from './entities/accountability-entry.entity.js';
import { campaignClockSpec, type CampaignEntity } from './entities/campaign.entity.js';
import { LedgerExtensionEntity } from './entities/ledger-extension.entity.js';
import { LedgerItemEntity } from './entities/ledger-item.entity.js';
import { LedgerItemEventEntity } from './entities/ledger-item-event.entity.js';
import {
  type EvidenceFile,
  type ItemRecordKind,
  LedgerReportEntity,
} from './entities/ledger-report.entity.js';
import { type Scope, scopeClause } from './org.repository.js';

export interface NewLedgerItem {
  id: string;
  campaignId: string;
  unitId: string;
  personIds: string[];
  description: string;
  source: LedgerItemEntity['source'];
  sourceRound: number | null;
  category: LedgerItemEntity['category'];
  registeredByPersonId: string;
  registeredAt: Date;
  rehearsal: boolean;
  /** A ledger import's row: the import, the row's 序号 and content hash, its assignment. */
  importId?: string;
  importKey?: string;
  importHash?: string;
  importedAssignment?: LedgerItemEntity['importedAssignment'];
}

export interface LedgerQuery {
  scope: Scope;
  campaignId?: string;
  /** Items of this unit's subtree (by the item's unit). */
  unitId?: string;
  status?: ItemStatus;
  warningLevel?: string;
  mode?: string;
  supervised?: boolean;
  overdue?: boolean;
  escalated?: boolean;
  responsiblePersonId?: string;
  /** Only a person's own: responsible for, responsible leader of, or concerned in. */
  personId?: string;
  page: number;
  pageSize: number;
}

export interface AccountabilityQuery {
  scope: Scope;
  campaignId?: string;
  unitId?: string;
  rung?: string;
  personId?: string;
  /** Campaign time, inclusive from, exclusive to. */
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export interface LedgerUnitCounts {
  unitId: string;
  unitName: string;
  total: number;
  byStatus: Record<ItemStatus, number>;
  overdue: number;
  escalated: number;
  yellow: number;
  red: number;
  supervised: number;
}

export interface Delivery {
  dedupeKey: string;
  personId: string;
  channel: string;
  status: string;
  sentAt: Date | null;
}

/**
 * What an item's workflow starts with: its campaign's clock, the plan's frozen escalation policy
 * and review cadence, and the calendar years its deadlines can fall in. The campaign must have a
 * plan (those launched before plans existed have no ledger).
 */
export function itemWorkflowInput(
  campaign: CampaignEntity,
  registration: ItemWorkflowInput['registration'],
  calendarYears: CalendarYear[],
): ItemWorkflowInput {
  if (!campaign.plan) throw new Error(`campaign ${campaign.id} has no plan, so no ledger`);
  return {
    itemId: registration.itemId,
    campaignId: campaign.id,
    clock: campaignClockSpec(campaign),
    policy: campaign.plan.resolved.escalation,
    reviewCadence: campaign.plan.resolved.review.cadence,
    ...(campaign.plan.resolved.review.closedBy
      ? { closedBy: campaign.plan.resolved.review.closedBy }
      : {}),
    calendarYears,
    registration,
    // Registered while its campaign stands still: its clock starts stopped too.
    ...(campaign.status === 'paused' && campaign.pausedAt
      ? { pausedAt: campaign.pausedAt.getTime() }
      : {}),
  };
}

/**
 * The rectification ledger in Postgres: the items' rows (registered by the API, then kept by
 * their workflows' steps), their timelines, reports, extension requests, and the
 * accountability register. Every write a workflow makes is idempotent on a business key.
 */
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /**
   * Registers rows with the next numbers of their campaigns' ledgers, in order (numbering is
   * serialised per campaign), their workflows still to start.
   */
  async insertItems(items: NewLedgerItem[], tx: EntityManager): Promise<void> {
    const campaigns = [...new Set(items.map((i) => i.campaignId))].sort();
    const next = new Map<string, number>();
    for (const campaignId of campaigns) {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ledger-number:' || $1))`, [
        campaignId,
      ]);
      const [{ max }]: Array<{ max: number }> = await tx.query(
        `SELECT COALESCE(MAX(number), 0)::int AS max FROM ledger_items WHERE campaign_id = $1`,
        [campaignId],
      );
      next.set(campaignId, max + 1);
    }
    const rows = items.map((item) => {
      const number = next.get(item.campaignId)!;
      next.set(item.campaignId, number + 1);
      return { ...item, number, status: 'registered' as const, workflowStartedAt: null };
    });
    for (let i = 0; i < rows.length; i += 500) {
      await tx.getRepository(LedgerItemEntity).insert(rows.slice(i, i + 500));
    }
  }

  /** The rows of these items, for starting their workflows. */
  async itemsToStart(ids: string[]): Promise<LedgerItemEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource
      .getRepository(LedgerItemEntity)
      .find({ where: { id: In(ids) }, order: { campaignId: 'ASC', number: 'ASC' } });
  }

  /** Temporal confirmed these items' workflows. */
  async markStarted(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE ledger_items SET workflow_started_at = now()
       WHERE id = ANY($1::uuid[]) AND workflow_started_at IS NULL`,
      [ids],
    );
  }

  /** Items registered before `before` whose workflow start is still unconfirmed, oldest first. */
  async unstartedItemIds(before: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM ledger_items WHERE workflow_started_at IS NULL AND created_at < $1
       ORDER BY created_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  }

  async findItem(id: string, tx?: EntityManager): Promise<LedgerItemEntity | null> {
    return this.manager(tx).getRepository(LedgerItemEntity).findOneBy({ id });
  }

  /** The item with its unit's path, for scope checks. */
  async findWithPath(id: string): Promise<{ item: LedgerItemEntity; unitPath: string } | null> {
    const item = await this.findItem(id);
    if (!item) return null;
    const [unit]: Array<{ path: string }> = await this.dataSource.query(
      `SELECT path::text AS path FROM units WHERE id = $1`,
      [item.unitId],
    );
    return unit ? { item, unitPath: unit.path } : null;
  }

  /**
   * One step of an item's workflow: the row (only when this step is newer than the one shown),
   * the timeline's lines and the assignment's texts, the extension requests' decisions.
   */
  async applyStep(state: ItemState, effects: readonly ItemEffect[], tx: EntityManager) {
    const facts = itemFacts(state, state.clock);
    const assignment = state.assignment;
    const lastClosure = state.closures.at(-1);
    await tx.query(
      `UPDATE ledger_items SET status = $2, warning_level = $3, rung = $4, overdue = $5, mode = $6,
         responsible_leader_id = $7, responsible_unit_id = $8, responsible_person_id = $9,
         supervising_leader_id = $10, deadline = $11, original_deadline = $12,
         cumulative_delay_ms = $13, yellow_warnings = $14, repeat_offences = $15,
         last_progress_at = $16, closed_at = $17, seq = $18, updated_at = now()
       WHERE id = $1 AND seq < $18`,
      [
        state.itemId,
        facts.status,
        facts.warningLevel,
        facts.rung,
        facts.overdue,
        assignment?.mode ?? null,
        assignment?.responsibleLeaderId ?? null,
        assignment?.responsibleUnitId ?? null,
        assignment?.responsiblePersonId ?? null,
        state.supervisingLeaderId,
        facts.deadline === null ? null : new Date(facts.deadline),
        facts.originalDeadline === null ? null : new Date(facts.originalDeadline),
        facts.cumulativeDelayMs,
        facts.yellowWarnings,
        facts.repeatOffences,
        state.progress.lastAt === null ? null : new Date(state.progress.lastAt),
        lastClosure && (state.status === 'closed' || state.status === 'confirmed')
          ? new Date(lastClosure.closedAt)
          : null,
        state.seq,
      ],
    );
    // A step recorded is the item moving again: a parked mark (an earlier step failed) goes.
    await tx.query(
      `UPDATE ledger_items SET parked_at = NULL, parked_reason = NULL
       WHERE id = $1 AND parked_at IS NOT NULL`,
      [state.itemId],
    );
    const lines = effects.flatMap((effect) => (effect.kind === 'record' ? [effect] : []));
    if (lines.length > 0) {
      await tx
        .createQueryBuilder()
        .insert()
        .into(LedgerItemEventEntity)
        .values(
          lines.map((line) => {
            const cause = 'event' in line.cause ? line.cause.event : null;
            const timer = 'timer' in line.cause ? line.cause.timer : null;
            const details: Record<string, unknown> = {};
            if (cause) {
              for (const [k, v] of Object.entries(cause)) {
                if (!['type', 'at', 'by', 'requestId'].includes(k)) details[k] = v;
              }
            } else if (timer) {
              for (const [k, v] of Object.entries(timer)) {
                if (!['kind', 'key', 'at'].includes(k)) details[k] = v;
              }
            }
            return {
              key: line.key,
              itemId: state.itemId,
              seq: state.seq,
              kind: cause ? cause.type : `timer:${timer!.kind}`,
              at: new Date(line.at),
              actorPersonId: cause && 'by' in cause ? cause.by : null,
              requestId: cause?.requestId ?? null,
              status: line.status,
              // jsonb: TypeORM's partial-entity type does not follow an open record.
              details: details as never,
            };
          }),
        )
        .orIgnore()
        .execute();
    }
    for (const line of lines) {
      const cause = 'event' in line.cause ? line.cause.event : null;
      if (cause?.type === 'assigned') {
        await tx.query(
          `UPDATE ledger_items SET acceptance_standard = $2, expected_effect = $3, measures = $4
           WHERE id = $1`,
          [state.itemId, cause.acceptanceStandard, cause.expectedEffect, cause.measures],
        );
      }
    }
    // Extension requests: the workflow's record decides what became of each.
    for (const ext of state.extensions) {
      await tx.query(
        `UPDATE ledger_extensions SET status = $2, decided_by_person_id = $3, decided_at = $4,
           deadline_before = $5, deadline_after = $6
         WHERE id = $1 AND status = 'pending'`,
        [
          ext.extensionId,
          ext.decision,
          ext.decidedBy,
          new Date(ext.decidedAt),
          new Date(ext.from),
          new Date(ext.to),
        ],
      );
    }
  }

  /** Marks an item parked (a step failed for good); the first instant stays, the reason is the latest. */
  async park(itemId: string, reason: string, tx?: EntityManager): Promise<void> {
    await this.manager(tx).query(
      `UPDATE ledger_items SET parked_at = COALESCE(parked_at, now()), parked_reason = $2
       WHERE id = $1`,
      [itemId, reason],
    );
  }

  /**
   * The items of a campaign whose workflows may run (not confirmed; a start not yet confirmed
   * included, since its workflow may be running already).
   */
  async openItemIds(campaignId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM ledger_items WHERE campaign_id = $1 AND status <> 'confirmed'
       ORDER BY number`,
      [campaignId],
    );
    return rows.map((r) => r.id);
  }

  /** Every parked item's id, oldest first. */
  async parkedItemIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      'SELECT id FROM ledger_items WHERE parked_at IS NOT NULL ORDER BY parked_at, id',
    );
    return rows.map((r) => r.id);
  }

  /** Parked items, oldest first: how many, and the ids of the first `limit`. */
  async parked(limit: number): Promise<{ count: number; itemIds: string[] }> {
    const rows: Array<{ id: string; total: number }> = await this.dataSource.query(
      `SELECT id, count(*) OVER ()::int AS total FROM ledger_items
       WHERE parked_at IS NOT NULL ORDER BY parked_at, id LIMIT $1`,
      [limit],
    );
    return { count: rows[0]?.total ?? 0, itemIds: rows.map((r) => r.id) };
  }

  /**
   * Adds an entry to the accountability register, once per key; a supervision order gets the
   * next document number of its campaign and year (督〔2026〕3号). A retried step's entry is
   * already there and is left as it was.
   */
  async registerEntry(
    entry: {
      key: string;
      itemId: string;
      campaignId: string;
      unitId: string;
      kind: AccountabilityKind;
      rung: AccountabilityEntryEntity['rung'];
      level: AccountabilityEntryEntity['level'];
      reason: AccountabilityEntryEntity['reason'];
      at: number;
      recipients: AccountabilityRecipient[];
      accountable: string[];
      respondBy: number | null;
      rehearsal: boolean;
    },
    tx: EntityManager,
  ): Promise<void> {
    let documentNumber: string | null = null;
    if (entry.rung === 'supervision_order') {
      const year = new Date(entry.at + 8 * 3600_000).getUTCFullYear();
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('supervision-order:' || $1))`, [
        entry.campaignId,
      ]);
      const [{ n }]: Array<{ n: number }> = await tx.query(
        `SELECT count(*)::int + 1 AS n FROM accountability_entries
         WHERE campaign_id = $1 AND rung = 'supervision_order'
           AND extract(year FROM at AT TIME ZONE 'Asia/Shanghai') = $2`,
        [entry.campaignId, year],
      );
      documentNumber = `督〔${year}〕${n}号`;
    }
    await tx
      .createQueryBuilder()
      .insert()
      .into(AccountabilityEntryEntity)
      .values({
        id: randomUUID(),
        key: entry.key,
        itemId: entry.itemId,
        campaignId: entry.campaignId,
        unitId: entry.unitId,
        kind: entry.kind,
        rung: entry.rung,
        level: entry.level,
        reason: entry.reason,
        at: new Date(entry.at),
        recipients: entry.recipients,
        accountable: entry.accountable,
        documentNumber,
        respondBy: entry.respondBy === null ? null : new Date(entry.respondBy),
        rehearsal: entry.rehearsal,
      })
      .orIgnore()
      .execute();
  }

  // ---- reports and extensions (written by the API before the workflow is asked) ------------

  async insertReport(report: {
    id: string;
    itemId: string;
    kind: ItemRecordKind;
    text: string;
    link: string | null;
    files: EvidenceFile[];
    details?: Record<string, unknown>;
    reportedByPersonId: string;
    reportedAt: Date;
  }): Promise<void> {
    await this.dataSource.getRepository(LedgerReportEntity).save({ details: {}, ...report });
  }

  async deleteReport(id: string): Promise<void> {
    await this.dataSource.getRepository(LedgerReportEntity).delete({ id });
  }

  async reports(itemId: string): Promise<LedgerReportEntity[]> {
    return this.dataSource
      .getRepository(LedgerReportEntity)
      .find({ where: { itemId }, order: { reportedAt: 'ASC', createdAt: 'ASC' } });
  }

  /** The latest report's text of each item. */
  async latestReports(itemIds: string[]): Promise<Map<string, string>> {
    if (itemIds.length === 0) return new Map();
    const rows: Array<{ item_id: string; text: string }> = await this.dataSource.query(
      `SELECT DISTINCT ON (item_id) item_id, text FROM ledger_reports WHERE item_id = ANY($1::uuid[])
       ORDER BY item_id, reported_at DESC, created_at DESC`,
      [itemIds],
    );
    return new Map(rows.map((r) => [r.item_id, r.text]));
  }

  /** Names of units and people by id, for documents. */
  async names(unitIds: string[], personIds: string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query(
      `SELECT id, name FROM units WHERE id = ANY($1::uuid[])
       UNION ALL SELECT id, name FROM people WHERE id = ANY($2::uuid[])`,
      [unitIds, personIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async insertExtension(ext: {
    id: string;
    itemId: string;
    requestedByPersonId: string;
    requestedAt: Date;
    requestedDeadline: string;
    reason: string;
  }): Promise<void> {
    await this.dataSource
      .getRepository(LedgerExtensionEntity)
      .insert({ ...ext, status: 'pending' });
  }

  async deleteExtension(id: string): Promise<void> {
    await this.dataSource
      .getRepository(LedgerExtensionEntity)
      .delete({ id, status: 'pending' as const });
  }

  async findExtension(itemId: string, id: string): Promise<LedgerExtensionEntity | null> {
    return this.dataSource.getRepository(LedgerExtensionEntity).findOneBy({ id, itemId });
  }

  async setDecisionReason(id: string, reason: string | null): Promise<void> {
    await this.dataSource
      .getRepository(LedgerExtensionEntity)
      .update({ id }, { decisionReason: reason });
  }

  async extensions(itemId: string): Promise<LedgerExtensionEntity[]> {
    return this.dataSource
      .getRepository(LedgerExtensionEntity)
      .find({ where: { itemId }, order: { requestedAt: 'ASC', createdAt: 'ASC' } });
  }

  // ---- reading -----------------------------------------------------------------------------

  async timeline(itemId: string): Promise<LedgerItemEventEntity[]> {
    return this.dataSource
      .getRepository(LedgerItemEventEntity)
      .find({ where: { itemId }, order: { seq: 'ASC', id: 'ASC' } });
  }

  /** Items in scope, filtered in SQL, newest number last within a campaign. */
  async list(query: LedgerQuery): Promise<{ items: LedgerItemEntity[]; total: number }> {
    const params: unknown[] = [];
    const where = [scopeClause('u', query.scope, params)];
    const eq = (column: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`i.${column} = $${params.length}`);
    };
    eq('campaign_id', query.campaignId);
    eq('status', query.status);
    eq('warning_level', query.warningLevel);
    eq('mode', query.mode);
    eq('overdue', query.overdue);
    eq('responsible_person_id', query.responsiblePersonId);
    if (query.supervised !== undefined)
      where.push(`i.supervising_leader_id IS ${query.supervised ? 'NOT ' : ''}NULL`);
    if (query.escalated !== undefined) where.push(`i.rung IS ${query.escalated ? 'NOT ' : ''}NULL`);
    if (query.unitId !== undefined) {
      params.push(query.unitId);
      where.push(`u.path <@ (SELECT path FROM units WHERE id = $${params.length})`);
    }
    if (query.personId !== undefined) {
      params.push(query.personId);
      const p = `$${params.length}::uuid`;
      where.push(
        `(i.responsible_person_id = ${p} OR i.responsible_leader_id = ${p} OR ${p} = ANY(i.person_ids))`,
      );
    }
    const from = `FROM ledger_items i JOIN units u ON u.id = i.unit_id WHERE ${where.join(' AND ')}`;
    const { rows, total } = await this.page(
      LedgerItemEntity,
      'i',
      from,
      params,
      'i.campaign_id, i.number',
      query,
    );
    return { items: rows, total };
  }

  /**
   * Where every unit stands on a campaign's ledger: per unit in scope holding items, the count
   * by status, overdue, escalated (a rung fired), by warning level, and supervised. One query.
   */
  async unitCounts(campaignId: string, scope: Scope): Promise<LedgerUnitCounts[]> {
    const params: unknown[] = [campaignId];
    const rows: Array<Record<string, string | number>> = await this.dataSource.query(
      `SELECT u.id AS "unitId", u.name AS "unitName", u.path::text AS path,
              count(*)::int AS total,
              ${ITEM_STATUSES.map((st) => `count(*) FILTER (WHERE i.status = '${st}')::int AS "${st}"`).join(', ')},
              count(*) FILTER (WHERE i.overdue)::int AS overdue,
              count(*) FILTER (WHERE i.rung IS NOT NULL)::int AS escalated,
              count(*) FILTER (WHERE i.warning_level = 'yellow')::int AS yellow,
              count(*) FILTER (WHERE i.warning_level = 'red')::int AS red,
              count(*) FILTER (WHERE i.supervising_leader_id IS NOT NULL)::int AS supervised
       FROM ledger_items i JOIN units u ON u.id = i.unit_id
       WHERE i.campaign_id = $1 AND ${scopeClause('u', scope, params)}
       GROUP BY u.id, u.name, u.path ORDER BY u.path`,
      params,
    );
    return rows.map((r) => ({
      unitId: String(r['unitId']),
      unitName: String(r['unitName']),
      total: Number(r['total']),
      byStatus: Object.fromEntries(ITEM_STATUSES.map((st) => [st, Number(r[st])])) as Record<
        ItemStatus,
        number
      >,
      overdue: Number(r['overdue']),
      escalated: Number(r['escalated']),
      yellow: Number(r['yellow']),
      red: Number(r['red']),
      supervised: Number(r['supervised']),
    }));
  }

  /** Register entries in scope (by the unit answering for each), newest first. */
  async accountability(
    query: AccountabilityQuery,
  ): Promise<{ entries: AccountabilityEntryEntity[]; total: number }> {
    const params: unknown[] = [];
    const where = [scopeClause('u', query.scope, params), 'a.rehearsal = c.rehearsal'];
    const add = (sql: (p: string) => string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    add((p) => `a.campaign_id = ${p}`, query.campaignId);
    add((p) => `u.path <@ (SELECT path FROM units WHERE id = ${p})`, query.unitId);
    add((p) => `a.rung = ${p}`, query.rung);
    add(
      (p) => `a.recipients @> jsonb_build_array(jsonb_build_object('personId', ${p}::text))`,
      query.personId,
    );
    add((p) => `a.at >= ${p}`, query.from);
    add((p) => `a.at < ${p}`, query.to);
    const from = `FROM accountability_entries a JOIN units u ON u.id = a.unit_id
      JOIN campaigns c ON c.id = a.campaign_id WHERE ${where.join(' AND ')}`;
    const { rows, total } = await this.page(
      AccountabilityEntryEntity,
      'a',
      from,
      params,
      'a.at DESC, a.key',
      query,
    );
    return { entries: rows, total };
  }

  /**
   * One page of `entity` rows: counts and orders in one SQL (`from` with its filters), then
   * loads the page's rows as entities, in that order.
   */
  private async page<T extends { id: string }>(
    entity: new () => T,
    alias: string,
    from: string,
    params: unknown[],
    orderBy: string,
    { page, pageSize }: { page: number; pageSize: number },
  ): Promise<{ rows: T[]; total: number }> {
    // The page's ids and the total in one statement; a page past the end counts on its own.
    const ids: Array<{ id: string; total: number }> = await this.dataSource.query(
      `SELECT ${alias}.id, count(*) OVER ()::int AS total ${from}
        ORDER BY ${orderBy} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    if (ids.length === 0) {
      const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
        `SELECT count(*)::int AS total ${from}`,
        params,
      );
      return { rows: [], total };
    }
    const total = ids[0].total;
    const rows = await this.dataSource
      .getRepository(entity)
      .createQueryBuilder(alias)
      .whereInIds(ids.map((r) => r.id))
      .getMany();
    const order = new Map(ids.map((r, i) => [r.id, i]));
    return { rows: rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!), total };
  }

  /** The item's register entries, oldest first. */
  async entriesOf(itemId: string): Promise<AccountabilityEntryEntity[]> {
    return this.dataSource
      .getRepository(AccountabilityEntryEntity)
      .find({ where: { itemId }, order: { at: 'ASC', key: 'ASC' } });
  }

  /** The deliveries of register entries: the notifications their keys made, by channel. */
  async deliveries(keys: string[]): Promise<Map<string, Delivery[]>> {
    const byKey = new Map<string, Delivery[]>(keys.map((k) => [k, []]));
    if (keys.length === 0) return byKey;
    const rows: Array<{
      entry_key: string;
      dedupe_key: string;
      recipient_person_id: string;
      channel: string;
      status: string;
      sent_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT k.entry_key, n.dedupe_key, n.recipient_person_id, n.channel, n.status, n.sent_at
       FROM unnest($1::text[]) AS k(entry_key)
       JOIN notifications n ON n.dedupe_key LIKE replace(replace(k.entry_key, '%', '\\%'), '_', '\\_') || ':%'
       ORDER BY n.dedupe_key, n.channel`,
      [keys],
    );
    for (const r of rows) {
      byKey.get(r.entry_key)!.push({
        dedupeKey: r.dedupe_key,
        personId: r.recipient_person_id,
        channel: r.channel,
        status: r.status,
        sentAt: r.sent_at,
      });
    }
    return byKey;
  }
}

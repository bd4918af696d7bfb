import { randomUUID } from 'node:crypto';

import type {
  AccountableDecision,
  DecisionRole,
  DecisionRung,
  DecisionStatus,
  EscalationReason,
} from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import { type DecisionCandidate, LadderDecisionEntity } from './entities/index.js';
import { type Scope, scopeClause } from './org.repository.js';

export interface OpenedDecision {
  key: string;
  itemId: string;
  campaignId: string;
  unitId: string;
  deskUnitId: string;
  role: DecisionRole;
  levelsUp: number;
  deskPersonIds: string[];
  rung: DecisionRung;
  step: number;
  steps: number;
  reason: EscalationReason;
  openedAt: number;
  decideBy: number;
  previousKey: string | null;
  candidates: DecisionCandidate[];
  rehearsal: boolean;
}

export interface ClosedDecision {
  status: Exclude<DecisionStatus, 'pending'>;
  at: number;
  by: string | null;
  reason: string | null;
  until?: number;
  accountable?: AccountableDecision[];
  documentNumber?: string | null;
}

export interface DecisionFilter {
  /** Only this person's desks. */
  deskPersonId?: string;
  campaignId?: string;
  status?: DecisionStatus;
  /** Only decisions about items whose responsible unit lies in the caller's scope. */
  scope?: Scope;
  page: number;
  pageSize: number;
}

/**
 * The decisions on the ladder (issue 18), one row per desk a proposal reached. Written by the
 * item's step (keyed by the core's key, so a retried step writes once) and read by the API.
 */
export class DecisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(decision: OpenedDecision, tx: EntityManager): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(LadderDecisionEntity)
      .values({
        id: randomUUID(),
        key: decision.key,
        itemId: decision.itemId,
        campaignId: decision.campaignId,
        unitId: decision.unitId,
        deskUnitId: decision.deskUnitId,
        role: decision.role,
        levelsUp: decision.levelsUp,
        deskPersonIds: decision.deskPersonIds,
        rung: decision.rung,
        step: decision.step,
        steps: decision.steps,
        reason: decision.reason,
        status: 'pending',
        openedAt: new Date(decision.openedAt),
        decideBy: new Date(decision.decideBy),
        previousKey: decision.previousKey,
        candidates: decision.candidates,
        rehearsal: decision.rehearsal,
      })
      .orIgnore()
      .execute();
  }

  /** Ends the desk's decision; a repeat of the same step changes nothing. */
  async close(key: string, closed: ClosedDecision, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE ladder_decisions
       SET status = $2, closed_at = $3, decided_by = $4, decision_reason = $5,
           deferred_until = $6, accountable = $7::jsonb,
           document_number = coalesce($8, document_number), updated_at = now()
       WHERE key = $1 AND status = 'pending'`,
      [
        key,
        closed.status,
        new Date(closed.at),
        closed.by,
        closed.reason,
        closed.until === undefined ? null : new Date(closed.until),
        JSON.stringify(closed.accountable ?? []),
        closed.documentNumber ?? null,
      ],
    );
  }

  /** The desk's limit and deferral day as the item holds them now (a pause moves them). */
  async reschedule(
    key: string,
    decideBy: number,
    deferredUntil: number | null,
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(
      `UPDATE ladder_decisions SET decide_by = $2, deferred_until = coalesce($3, deferred_until),
         updated_at = now()
       WHERE key = $1 AND (decide_by <> $2 OR ($3::timestamptz IS NOT NULL AND deferred_until IS DISTINCT FROM $3))`,
      [key, new Date(decideBy), deferredUntil === null ? null : new Date(deferredUntil)],
    );
  }

  async findById(id: string): Promise<LadderDecisionEntity | null> {
    return this.dataSource.getRepository(LadderDecisionEntity).findOneBy({ id });
  }

  async findByKey(key: string): Promise<LadderDecisionEntity | null> {
    return this.dataSource.getRepository(LadderDecisionEntity).findOneBy({ key });
  }

  /** The decisions that fired the items' rungs: each item's issued last step per rung. */
  async decidedRungs(itemIds: string[]): Promise<LadderDecisionEntity[]> {
    if (itemIds.length === 0) return [];
    return this.dataSource
      .getRepository(LadderDecisionEntity)
      .createQueryBuilder('d')
      .where('d.item_id IN (:...itemIds)', { itemIds: [...new Set(itemIds)] })
      .andWhere("d.status = 'issued'")
      .andWhere('d.step = d.steps - 1')
      .getMany();
  }

  /** Every 问责 decision that held `personId` to account, oldest first. */
  async heldToAccount(personId: string): Promise<LadderDecisionEntity[]> {
    return this.dataSource
      .getRepository(LadderDecisionEntity)
      .createQueryBuilder('d')
      .where("d.status = 'issued'")
      .andWhere('d.accountable @> :who::jsonb', { who: JSON.stringify([{ personId }]) })
      .orderBy('d.closed_at', 'ASC')
      .getMany();
  }

  /** The ids of the rows with these keys. */
  async idsByKeys(keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows: Array<{ key: string; id: string }> = await this.dataSource.query(
      'SELECT key, id FROM ladder_decisions WHERE key = ANY($1::varchar[])',
      [keys],
    );
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  /** The units' materialised paths, for scope checks. */
  async unitPaths(unitIds: string[]): Promise<Array<{ id: string; path: string }>> {
    return this.dataSource.query(
      'SELECT id, path::text AS path FROM units WHERE id = ANY($1::uuid[])',
      [unitIds],
    );
  }

  /** A page of decisions, newest first, and how many match. */
  async list(filter: DecisionFilter): Promise<{ rows: LadderDecisionEntity[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.campaignId) add((n) => `d.campaign_id = ${n}`, filter.campaignId);
    if (filter.status) add((n) => `d.status = ${n}`, filter.status);
    if (filter.deskPersonId) add((n) => `${n}::uuid = ANY(d.desk_person_ids)`, filter.deskPersonId);
    if (filter.scope) {
      where.push(
        `EXISTS (SELECT 1 FROM units u WHERE u.id = d.unit_id AND ${scopeClause('u', filter.scope, params)})`,
      );
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM ladder_decisions d ${clause}`,
      params,
    );
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `SELECT d.id FROM ladder_decisions d ${clause}
       ORDER BY d.opened_at DESC, d.key DESC
       LIMIT ${Number(filter.pageSize)} OFFSET ${(Number(filter.page) - 1) * Number(filter.pageSize)}`,
      params,
    );
    if (ids.length === 0) return { rows: [], total };
    const rows = await this.dataSource
      .getRepository(LadderDecisionEntity)
      .createQueryBuilder('d')
      .where('d.id IN (:...ids)', { ids: ids.map((r) => r.id) })
      .orderBy('d.opened_at', 'DESC')
      .addOrderBy('d.key', 'DESC')
      .getMany();
    return { rows, total };
  }
}

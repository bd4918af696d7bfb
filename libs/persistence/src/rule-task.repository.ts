import { randomUUID } from 'node:crypto';

import type { RuleTaskKind, RuleTaskStatus } from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import { RuleTaskEntity } from './entities/rule-task.entity.js';
import { type Scope, scopeClause } from './org.repository.js';

/** What a case summary's loophole tag proposes (the item activity's `rule_making_task` effect). */
export interface ProposedRuleTask {
  /** The effect's key: the same summary proposes one task however often its step is retried. */
  originKey: string;
  campaignId: string;
  unitId: string;
  /** The item whose case summary found the loophole. */
  itemId: string;
  loopholeTag: string;
  /** The summary record (ledger report), whose author is the task's proposer. */
  summaryId: string;
}

export interface NewRuleTask {
  campaignId: string;
  unitId: string;
  kind: RuleTaskKind;
  title: string;
  linkedItemIds: string[];
  createdByPersonId: string;
}

export interface RuleTaskQuery {
  campaignId: string;
  scope: Scope;
  status?: RuleTaskStatus | undefined;
  unitId?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * Rule-making tasks (建章立制, DOMAIN.md D6): proposed by a case summary's loophole tag or created
 * by an office, defined (kind, title, linked items) while proposed, and tracked by a ledger item
 * of their own once assigned (`item_id`, set once).
 */
export class RuleTaskRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Proposes the task a loophole tag asks for, once per summary (unique `origin_key`): the
   * item's unit, titled by the tag, linked to the item, its kind left for the office to define.
   * Returns whether this call wrote it.
   */
  async propose(p: ProposedRuleTask, tx: EntityManager): Promise<boolean> {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO rule_tasks (id, campaign_id, unit_id, kind, title, loophole_tag, linked_item_ids,
         origin_key, created_by_person_id)
       VALUES ($1, $2, $3, NULL, $4::text, $4::text, ARRAY[$5]::uuid[], $6,
         (SELECT reported_by_person_id FROM ledger_reports WHERE id = $7))
       ON CONFLICT (origin_key) DO NOTHING RETURNING id`,
      [randomUUID(), p.campaignId, p.unitId, p.loopholeTag, p.itemId, p.originKey, p.summaryId],
    );
    return rows.length === 1;
  }

  async insert(task: NewRuleTask): Promise<string> {
    const id = randomUUID();
    await this.dataSource.getRepository(RuleTaskEntity).insert({
      id,
      ...task,
      loopholeTag: null,
      itemId: null,
      originKey: null,
    });
    return id;
  }

  /** One task with the path of its unit (for scope checks). */
  async findWithPath(id: string): Promise<{ task: RuleTaskEntity; unitPath: string } | null> {
    const rows: Array<{ path: string }> = await this.dataSource.query(
      `SELECT u.path::text AS path FROM rule_tasks r JOIN units u ON u.id = r.unit_id WHERE r.id = $1`,
      [id],
    );
    if (rows.length === 0) return null;
    const task = await this.dataSource.getRepository(RuleTaskEntity).findOneBy({ id });
    return task ? { task, unitPath: rows[0].path } : null;
  }

  /** Changes a proposed task; false when it is tracked already (or gone). */
  async define(
    id: string,
    change: Partial<Pick<RuleTaskEntity, 'kind' | 'title' | 'linkedItemIds'>>,
  ): Promise<boolean> {
    if (Object.keys(change).length === 0) return true;
    const result = await this.dataSource
      .createQueryBuilder()
      .update(RuleTaskEntity)
      .set(change)
      .where('id = :id AND item_id IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  /**
   * Links a proposed task to the ledger item that will track it, with its final kind and title,
   * in the caller's transaction; false when another assignment won.
   */
  async track(
    id: string,
    itemId: string,
    defined: Pick<RuleTaskEntity, 'kind' | 'title' | 'linkedItemIds'>,
    tx: EntityManager,
  ): Promise<boolean> {
    // TypeORM answers an UPDATE with `[rows, count]`.
    const result: unknown = await tx.query(
      `UPDATE rule_tasks SET item_id = $2, kind = $3, title = $4, linked_item_ids = $5::uuid[]
       WHERE id = $1 AND item_id IS NULL`,
      [id, itemId, defined.kind, defined.title, defined.linkedItemIds],
    );
    return (result as [unknown[], number])[1] === 1;
  }

  /** A page of a campaign's tasks in scope (by their unit), proposed first, then oldest first. */
  async list(q: RuleTaskQuery): Promise<{ tasks: RuleTaskEntity[]; total: number }> {
    const params: unknown[] = [q.campaignId];
    const where = ['r.campaign_id = $1', scopeClause('u', q.scope, params)];
    if (q.status)
      where.push(q.status === 'proposed' ? 'r.item_id IS NULL' : 'r.item_id IS NOT NULL');
    if (q.unitId) {
      params.push(q.unitId);
      where.push(`u.path <@ (SELECT path FROM units WHERE id = $${params.length})`);
    }
    const from = `FROM rule_tasks r JOIN units u ON u.id = r.unit_id WHERE ${where.join(' AND ')}`;
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total ${from}`,
      params,
    );
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `SELECT r.id ${from} ORDER BY (r.item_id IS NOT NULL), r.created_at, r.id
       LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      params,
    );
    if (ids.length === 0) return { tasks: [], total };
    const tasks = await this.dataSource
      .getRepository(RuleTaskEntity)
      .createQueryBuilder('r')
      .whereInIds(ids.map((r) => r.id))
      .getMany();
    const order = new Map(ids.map((r, i) => [r.id, i]));
    return { tasks: tasks.sort((a, b) => order.get(a.id)! - order.get(b.id)!), total };
  }
}

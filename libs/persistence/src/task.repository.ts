import { randomUUID } from 'node:crypto';

import type { FrozenPlan } from '@campaign/contracts';
import {
  type ExtraDue,
  type KeyGroup,
  phaseEnd,
  phaseStart,
  type ResolvedPlan,
  type ScheduleState,
  taskDue,
  type UnitPopulation,
} from '@campaign/domain';
import { type DataSource, type EntityManager, In } from 'typeorm';

import { CampaignTaskEntity } from './entities/campaign-task.entity.js';
import { type EvidenceKind, TaskEvidenceEntity } from './entities/task-evidence.entity.js';

export interface NewEvidence {
  taskId: string;
  kind: EvidenceKind;
  text?: string | null;
  answers?: string[] | null;
  url?: string | null;
  fileName?: string | null;
  contentType?: string | null;
  sizeBytes?: number | null;
  sha256?: string | null;
  recordedByPersonId: string;
}
import { type Scope, scopeClause } from './org.repository.js';

/** Rows an UPDATE touched: TypeORM answers an UPDATE with `[rows, count]`. */
const touched = (result: unknown): number => (result as [unknown[], number])[1];

/** One task definition as the SQL that writes rows needs it. */
interface TaskRowSpec {
  key: string;
  kind: string;
  owner: string;
  required: boolean;
  due_at: string;
  phase_index: number;
}

/** SQL deciding whether person `p` owes a task of owner kind `t.owner` (plan key groups as $n, $n+1). */
function owesSql(leadersParam: string, keyPersonsParam: string): string {
  return `(t.owner = 'everyone'
    OR (t.owner = 'leaders' AND p.is_leader)
    OR (t.owner = 'key_persons' AND p.is_key_person)
    OR (t.owner = 'key_groups' AND ((p.is_leader AND ${leadersParam}) OR (p.is_key_person AND ${keyPersonsParam}))))`;
}

const groups = (keyGroups: readonly KeyGroup[]) => [
  keyGroups.includes('leaders'),
  keyGroups.includes('key_persons'),
];

export interface UnitProgressRow {
  unitId: string;
  phaseIndex: number;
  owed: number;
  done: number;
  overdue: number;
}

export interface PersonProgressRow {
  personId: string;
  unitId: string;
  phaseIndex: number;
  owed: number;
  done: number;
  overdue: number;
}

export interface MyTasksQuery {
  personId: string;
  campaignId?: string | undefined;
  phaseIndex?: number | undefined;
  status?: 'open' | 'done' | undefined;
  offset: number;
  limit: number;
}

/** A campaign's unit tasks (a unit's own: summaries, warning education…) in a scope. */
export interface UnitTasksQuery {
  campaignId: string;
  scope: Scope;
  /** Within this unit's subtree. */
  unitId?: string | undefined;
  phaseIndex?: number | undefined;
  status?: 'open' | 'done' | undefined;
  offset: number;
  limit: number;
}

export interface GateRow {
  unitId: string;
  memberOwed: number;
  memberDone: number;
  unitOwed: number;
  unitDone: number;
}

/**
 * Campaign tasks: the rows members and units owe, written in batches by set-based SQL (never a
 * row at a time), and the queries progress, gates and reminders read.
 */
export class TaskRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async frozenPlan(campaignId: string): Promise<FrozenPlan | null> {
    const rows: Array<{ plan: FrozenPlan | null }> = await this.dataSource.query(
      'SELECT plan FROM campaigns WHERE id = $1',
      [campaignId],
    );
    return rows[0]?.plan ?? null;
  }

  /**
   * Writes one phase's rows for a unit: a row per member who owes each task, and one per unit
   * task; deadlines as the schedule has them. Idempotent (the unique indexes keep one row).
   */
  async createUnitTasks(
    campaignId: string,
    unitId: string,
    plan: ResolvedPlan,
    phaseIndex: number,
    schedule: ScheduleState,
  ): Promise<number> {
    const specs: TaskRowSpec[] = plan.phases[phaseIndex].tasks.map((t) => ({
      key: t.key,
      kind: t.kind,
      owner: t.owner,
      required: t.required,
      due_at: new Date(taskDue(schedule, t.dueAt)).toISOString(),
      phase_index: phaseIndex,
    }));
    return this.insertRows(campaignId, unitId, specs, plan.keyGroups, false);
  }

  private async insertRows(
    campaignId: string,
    unitId: string,
    specs: TaskRowSpec[],
    keyGroups: readonly KeyGroup[],
    joined: boolean,
    tx?: EntityManager,
  ): Promise<number> {
    if (specs.length === 0) return 0;
    const [leaders, keyPersons] = groups(keyGroups);
    const recordset = `jsonb_to_recordset($3::jsonb) AS t(key text, kind text, owner text, required boolean, due_at timestamptz, phase_index int)`;
    const m = this.manager(tx);
    const members: Array<{ id: string }> = await m.query(
      // The six clarifications are done by a statement, which may come before the row does.
      `INSERT INTO campaign_tasks (id, campaign_id, phase_index, task_key, kind, owner, required,
         unit_id, person_id, due_at, status, joined, completed_at, completed_by_person_id)
       SELECT gen_random_uuid(), $1, t.phase_index, t.key, t.kind, t.owner, t.required, $2, p.id,
              t.due_at, CASE WHEN s.first IS NULL THEN 'open' ELSE 'done' END, $6, s.first,
              CASE WHEN s.first IS NULL THEN NULL ELSE p.id END
       FROM ${recordset}
       JOIN people p ON p.unit_id = $2 AND p.status = 'active' AND ${owesSql('$4', '$5')}
       LEFT JOIN LATERAL (
         SELECT min(st.submitted_at) AS first FROM statements st
          WHERE t.kind = 'six_clarifications' AND st.campaign_id = $1 AND st.person_id = p.id
       ) s ON TRUE
       WHERE t.owner <> 'unit'
       ON CONFLICT DO NOTHING RETURNING id`,
      [campaignId, unitId, JSON.stringify(specs), leaders, keyPersons, joined],
    );
    const units: Array<{ id: string }> = await m.query(
      `INSERT INTO campaign_tasks (id, campaign_id, phase_index, task_key, kind, owner, required,
         unit_id, person_id, due_at, status, joined)
       SELECT gen_random_uuid(), $1, t.phase_index, t.key, t.kind, t.owner, t.required, $2, NULL,
              t.due_at, 'open', $4
       FROM ${recordset}
       WHERE t.owner = 'unit'
       ON CONFLICT DO NOTHING RETURNING id`,
      [campaignId, unitId, JSON.stringify(specs), joined],
    );
    return members.length + units.length;
  }

  /**
   * Brings a unit's tasks in line with its people at campaign time `at`: people who moved in
   * bring their rows along (a row closed as `left` reopens), people no longer here close
   * theirs as `left`, and anyone still without the open phase's or a later phase's tasks gets
   * them: a later phase's with the plan's deadlines, the open phase's relative to joining
   * (joining N days in gives the same N days the others had).
   */
  async syncUnitMembers(
    campaignId: string,
    unitId: string,
    plan: ResolvedPlan,
    schedule: ScheduleState,
    at: number,
  ): Promise<{ joined: number; left: number; extraDues: ExtraDue[] }> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE campaign_tasks t SET unit_id = $2,
           status = CASE WHEN t.status = 'left' THEN 'open' ELSE t.status END, updated_at = now()
         FROM people p
         WHERE t.campaign_id = $1 AND t.person_id = p.id AND p.unit_id = $2 AND p.status = 'active'
           AND (t.unit_id <> $2 OR t.status = 'left')`,
        [campaignId, unitId],
      );
      const left: unknown = await tx.query(
        `UPDATE campaign_tasks t SET status = 'left', updated_at = now()
         WHERE t.campaign_id = $1 AND t.unit_id = $2 AND t.status = 'open' AND t.person_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = t.person_id AND p.unit_id = $2 AND p.status = 'active')`,
        [campaignId, unitId],
      );

      const specs: TaskRowSpec[] = [];
      const extraDues: ExtraDue[] = [];
      for (const phase of plan.phases) {
        const opened = schedule.opened[phase.index];
        const ends = phaseEnd(plan, schedule, phase.index);
        if (opened !== undefined && ends <= at) continue; // closed: nothing owed any more
        const current = opened !== undefined;
        const starts = current ? phaseStart(plan, schedule, phase.index) : 0;
        for (const task of phase.tasks) {
          const planned = taskDue(schedule, task.dueAt);
          const due = current ? Math.max(planned, at + (planned - starts)) : planned;
          specs.push({
            key: task.key,
            kind: task.kind,
            owner: task.owner,
            required: task.required,
            due_at: new Date(due).toISOString(),
            phase_index: phase.index,
          });
          if (due !== planned)
            extraDues.push({ taskKey: task.key, phaseIndex: phase.index, dueAt: due });
        }
      }
      const before: Array<{ n: number }> = await tx.query(
        `SELECT count(DISTINCT person_id)::int AS n FROM campaign_tasks WHERE campaign_id = $1 AND unit_id = $2`,
        [campaignId, unitId],
      );
      const inserted = await this.insertRows(campaignId, unitId, specs, plan.keyGroups, true, tx);
      const after: Array<{ n: number }> = await tx.query(
        `SELECT count(DISTINCT person_id)::int AS n FROM campaign_tasks WHERE campaign_id = $1 AND unit_id = $2`,
        [campaignId, unitId],
      );
      // Only deadlines some row now carries need reminders of their own.
      const used: Array<{ task_key: string; due_at: Date }> =
        inserted === 0 || extraDues.length === 0
          ? []
          : await tx.query(
              `SELECT DISTINCT task_key, due_at FROM campaign_tasks
               WHERE campaign_id = $1 AND unit_id = $2 AND joined AND status = 'open'`,
              [campaignId, unitId],
            );
      const carried = new Set(used.map((u) => `${u.task_key}@${u.due_at.getTime()}`));
      return {
        joined: after[0].n - before[0].n,
        left: touched(left),
        extraDues: extraDues.filter((d) => carried.has(`${d.taskKey}@${d.dueAt}`)),
      };
    });
  }

  /** Open rows of a task with a given deadline in a unit: who a reminder batch goes to. */
  async openRows(
    campaignId: string,
    unitId: string,
    taskKey: string,
    dueAt: number,
  ): Promise<Array<{ id: string; personId: string | null }>> {
    const rows: Array<{ id: string; person_id: string | null }> = await this.dataSource.query(
      `SELECT id, person_id FROM campaign_tasks
       WHERE campaign_id = $1 AND unit_id = $2 AND task_key = $3 AND due_at = $4 AND status = 'open'
       ORDER BY id`,
      [campaignId, unitId, taskKey, new Date(dueAt)],
    );
    return rows.map((r) => ({ id: r.id, personId: r.person_id }));
  }

  /** A deadline in a unit: how many rows carry it (open or done), and how many are still open. */
  async owedAt(
    campaignId: string,
    unitId: string,
    taskKey: string,
    dueAt: number,
  ): Promise<{ rows: number; owed: number }> {
    const rows: Array<{ n: number; open: number }> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status IN ('open', 'done'))::int AS n,
              count(*) FILTER (WHERE status = 'open')::int AS open
       FROM campaign_tasks
       WHERE campaign_id = $1 AND unit_id = $2 AND task_key = $3 AND due_at = $4`,
      [campaignId, unitId, taskKey, new Date(dueAt)],
    );
    return { rows: rows[0].n, owed: rows[0].open };
  }

  /**
   * Who acts for a unit on its own tasks: the holders of an office grant on the unit itself,
   * else its first responsible person (or the nearest ancestor's). Only people still active.
   */
  async unitContacts(unitIds: string[]): Promise<Map<string, string[]>> {
    const contacts = new Map<string, string[]>(unitIds.map((u) => [u, []]));
    if (unitIds.length === 0) return contacts;
    const offices: Array<{ unit_id: string; person_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT g.unit_id, g.person_id FROM role_grants g JOIN people p ON p.id = g.person_id
       WHERE g.unit_id = ANY($1::uuid[]) AND g.role = 'office' AND p.status = 'active'
       ORDER BY g.unit_id, g.person_id`,
      [unitIds],
    );
    for (const o of offices) contacts.get(o.unit_id)!.push(o.person_id);
    const missing = unitIds.filter((u) => contacts.get(u)!.length === 0);
    if (missing.length > 0) {
      const secretaries: Array<{ unit_id: string; person_id: string }> =
        await this.dataSource.query(
          `SELECT DISTINCT ON (u.id) u.id AS unit_id, a.first_responsible_person_id AS person_id
         FROM units u JOIN units a ON a.path @> u.path AND a.first_responsible_person_id IS NOT NULL
         JOIN people p ON p.id = a.first_responsible_person_id AND p.status = 'active'
         WHERE u.id = ANY($1::uuid[])
         ORDER BY u.id, nlevel(a.path) DESC`,
          [missing],
        );
      for (const s of secretaries) contacts.get(s.unit_id)!.push(s.person_id);
    }
    return contacts;
  }

  /**
   * Who is in each unit of a subtree, as owing tasks goes (for the forecast): active people,
   * leaders, key persons, and those in the plan's key groups.
   */
  async population(
    rootUnitId: string,
    keyGroups: readonly KeyGroup[],
  ): Promise<
    Array<{
      unitId: string;
      everyone: number;
      leaders: number;
      keyPersons: number;
      keyGroups: number;
    }>
  > {
    const [leaders, keyPersons] = groups(keyGroups);
    const rows: Array<{
      unit_id: string;
      everyone: number;
      leaders: number;
      key_persons: number;
      key_groups: number;
    }> = await this.dataSource.query(
      `SELECT u.id AS unit_id,
                count(p.id)::int AS everyone,
                count(p.id) FILTER (WHERE p.is_leader)::int AS leaders,
                count(p.id) FILTER (WHERE p.is_key_person)::int AS key_persons,
                count(p.id) FILTER (WHERE (p.is_leader AND $2) OR (p.is_key_person AND $3))::int AS key_groups
         FROM units u LEFT JOIN people p ON p.unit_id = u.id AND p.status = 'active'
         WHERE u.path <@ (SELECT r.path FROM units r WHERE r.id = $1)
         GROUP BY u.id, u.path ORDER BY u.path`,
      [rootUnitId, leaders, keyPersons],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      everyone: r.everyone,
      leaders: r.leaders,
      keyPersons: r.key_persons,
      keyGroups: r.key_groups,
    }));
  }

  /** Who owes what in each unit of a subtree, with the unit contacts: the forecast's population. */
  async forecastPopulation(
    rootUnitId: string,
    keyGroups: readonly KeyGroup[],
  ): Promise<UnitPopulation[]> {
    const people = await this.population(rootUnitId, keyGroups);
    const contacts = await this.unitContacts(people.map((u) => u.unitId));
    return people.map((u) => ({ ...u, contacts: contacts.get(u.unitId)?.length ?? 0 }));
  }

  /**
   * The supervisors (督查问效组) whose scope takes in the whole of `unitId`'s subtree: active
   * people with a supervisor grant at the unit or above it.
   */
  async supervisorsOver(unitId: string): Promise<string[]> {
    const rows: Array<{ person_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT g.person_id FROM role_grants g
         JOIN units gu ON gu.id = g.unit_id
         JOIN units u ON u.id = $1 AND gu.path @> u.path
         JOIN people p ON p.id = g.person_id AND p.status = 'active'
       WHERE g.role = 'supervisor' ORDER BY g.person_id`,
      [unitId],
    );
    return rows.map((r) => r.person_id);
  }

  async unitNames(unitIds: string[]): Promise<Map<string, string>> {
    if (unitIds.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query(
      'SELECT id, name FROM units WHERE id = ANY($1::uuid[])',
      [unitIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Every active person in the campaign's units: who a holiday integrity reminder goes to. */
  async campaignPeople(campaignId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT p.id FROM people p JOIN campaign_units cu ON cu.unit_id = p.unit_id
       WHERE cu.campaign_id = $1 AND p.status = 'active' ORDER BY p.id`,
      [campaignId],
    );
    return rows.map((r) => r.id);
  }

  /** Each unit's standing on a phase's required tasks, for its gate. */
  async gateRows(campaignId: string, phaseIndex: number): Promise<GateRow[]> {
    const rows: Array<{
      unit_id: string;
      member_owed: number;
      member_done: number;
      unit_owed: number;
      unit_done: number;
    }> = await this.dataSource.query(
      `SELECT cu.unit_id,
              count(t.id) FILTER (WHERE t.person_id IS NOT NULL AND t.status IN ('open', 'done'))::int AS member_owed,
              count(t.id) FILTER (WHERE t.person_id IS NOT NULL AND t.status = 'done')::int AS member_done,
              count(t.id) FILTER (WHERE t.person_id IS NULL AND t.status IN ('open', 'done'))::int AS unit_owed,
              count(t.id) FILTER (WHERE t.person_id IS NULL AND t.status = 'done')::int AS unit_done
       FROM campaign_units cu
       LEFT JOIN campaign_tasks t ON t.campaign_id = cu.campaign_id AND t.unit_id = cu.unit_id
         AND t.phase_index = $2 AND t.required
       WHERE cu.campaign_id = $1
       GROUP BY cu.unit_id ORDER BY cu.unit_id`,
      [campaignId, phaseIndex],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      memberOwed: r.member_owed,
      memberDone: r.member_done,
      unitOwed: r.unit_owed,
      unitDone: r.unit_done,
    }));
  }

  async storeGateResults(
    campaignId: string,
    phaseIndex: number,
    results: Array<GateRow & { passed: boolean }>,
    at: number,
    tx?: EntityManager,
  ): Promise<void> {
    if (results.length === 0) return;
    await this.manager(tx).query(
      `INSERT INTO campaign_gate_results (campaign_id, phase_index, unit_id, member_owed, member_done,
         unit_owed, unit_done, passed, evaluated_at)
       SELECT $1, $2, r.unit_id, r.member_owed, r.member_done, r.unit_owed, r.unit_done, r.passed, $4
       FROM jsonb_to_recordset($3::jsonb) AS r(unit_id uuid, member_owed int, member_done int,
         unit_owed int, unit_done int, passed boolean)
       ON CONFLICT DO NOTHING`,
      [
        campaignId,
        phaseIndex,
        JSON.stringify(
          results.map((r) => ({
            unit_id: r.unitId,
            member_owed: r.memberOwed,
            member_done: r.memberDone,
            unit_owed: r.unitOwed,
            unit_done: r.unitDone,
            passed: r.passed,
          })),
        ),
        new Date(at),
      ],
    );
    await this.manager(tx).query(
      `UPDATE campaign_phases SET units_below_gate = (
         SELECT count(*) FROM campaign_gate_results WHERE campaign_id = $1 AND phase_index = $2 AND NOT passed)
       WHERE campaign_id = $1 AND position = $2`,
      [campaignId, phaseIndex],
    );
  }

  async gateResults(
    campaignId: string,
  ): Promise<Array<GateRow & { phaseIndex: number; passed: boolean }>> {
    const rows: Array<{
      unit_id: string;
      phase_index: number;
      member_owed: number;
      member_done: number;
      unit_owed: number;
      unit_done: number;
      passed: boolean;
    }> = await this.dataSource.query(
      'SELECT * FROM campaign_gate_results WHERE campaign_id = $1 ORDER BY phase_index, unit_id',
      [campaignId],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      phaseIndex: r.phase_index,
      memberOwed: r.member_owed,
      memberDone: r.member_done,
      unitOwed: r.unit_owed,
      unitDone: r.unit_done,
      passed: r.passed,
    }));
  }

  /** Closes every open task of a unit (its campaign was cancelled). */
  async closeUnitTasks(campaignId: string, unitId: string): Promise<number> {
    return touched(
      await this.dataSource.query(
        `UPDATE campaign_tasks SET status = 'cancelled', updated_at = now()
         WHERE campaign_id = $1 AND unit_id = $2 AND status = 'open'`,
        [campaignId, unitId],
      ),
    );
  }

  // ---- what people read --------------------------------------------------------------------

  findTask(id: string, tx?: EntityManager): Promise<CampaignTaskEntity | null> {
    return this.manager(tx).findOneBy(CampaignTaskEntity, { id });
  }

  /** A person's tasks, deadlines first; rehearsals included (they are marked by the caller). */
  async myTasks(q: MyTasksQuery): Promise<{ items: CampaignTaskEntity[]; total: number }> {
    const qb = this.dataSource
      .getRepository(CampaignTaskEntity)
      .createQueryBuilder('t')
      .where('t.person_id = :personId', { personId: q.personId })
      .andWhere(`t.status IN ('open', 'done')`);
    if (q.campaignId) qb.andWhere('t.campaign_id = :campaignId', { campaignId: q.campaignId });
    if (q.phaseIndex !== undefined) qb.andWhere('t.phase_index = :phase', { phase: q.phaseIndex });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    const [items, total] = await qb
      .orderBy('t.status', 'DESC') // open before done
      .addOrderBy('t.due_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .skip(q.offset)
      .take(q.limit)
      .getManyAndCount();
    return { items, total };
  }

  /** Unit tasks of a campaign in scope, filtered in SQL: open first, by deadline, then unit. */
  async unitTasks(q: UnitTasksQuery): Promise<{ items: CampaignTaskEntity[]; total: number }> {
    const params: unknown[] = [q.campaignId];
    const where = [
      't.campaign_id = $1',
      't.person_id IS NULL',
      `t.status IN ('open', 'done')`,
      scopeClause('u', q.scope, params),
    ];
    const add = (sql: (p: string) => string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    add((p) => `u.path <@ (SELECT path FROM units WHERE id = ${p})`, q.unitId);
    add((p) => `t.phase_index = ${p}`, q.phaseIndex);
    add((p) => `t.status = ${p}`, q.status);
    const from = `FROM campaign_tasks t JOIN units u ON u.id = t.unit_id WHERE ${where.join(' AND ')}`;
    const rows: Array<{ id: string; total: number }> = await this.dataSource.query(
      `SELECT t.id, count(*) OVER ()::int AS total ${from}
        ORDER BY t.status DESC, t.due_at, u.path, t.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    if (rows.length === 0) {
      const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
        `SELECT count(*)::int AS total ${from}`,
        params,
      );
      return { items: [], total };
    }
    const items = await this.dataSource
      .getRepository(CampaignTaskEntity)
      .findBy({ id: In(rows.map((r) => r.id)) });
    const order = new Map(rows.map((r, i) => [r.id, i]));
    items.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return { items, total: rows[0].total };
  }

  /** Marks a task done; false when it was not open (done already, left, cancelled). */
  async complete(id: string, byPersonId: string, at: number, tx: EntityManager): Promise<boolean> {
    const result: unknown = await tx.query(
      `UPDATE campaign_tasks SET status = 'done', completed_at = $3, completed_by_person_id = $2, updated_at = now()
       WHERE id = $1 AND status = 'open'`,
      [id, byPersonId, new Date(at)],
    );
    return touched(result) === 1;
  }

  /** A statement marks the person's open six-clarifications tasks in the campaign done. */
  async completeStatementTasks(
    campaignId: string,
    personId: string,
    at: number,
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(
      `UPDATE campaign_tasks SET status = 'done', completed_at = $3, completed_by_person_id = $2,
         updated_at = now()
       WHERE campaign_id = $1 AND person_id = $2 AND kind = 'six_clarifications' AND status = 'open'`,
      [campaignId, personId, new Date(at)],
    );
  }

  async addEvidence(evidence: NewEvidence[], tx: EntityManager): Promise<void> {
    if (evidence.length === 0) return;
    await tx.insert(
      TaskEvidenceEntity,
      evidence.map((e) => ({
        id: randomUUID(),
        taskId: e.taskId,
        kind: e.kind,
        text: e.text ?? null,
        answers: e.answers ?? null,
        url: e.url ?? null,
        fileName: e.fileName ?? null,
        contentType: e.contentType ?? null,
        sizeBytes: e.sizeBytes ?? null,
        sha256: e.sha256 ?? null,
        recordedByPersonId: e.recordedByPersonId,
      })),
    );
  }

  evidenceOf(taskId: string): Promise<TaskEvidenceEntity[]> {
    return this.dataSource
      .getRepository(TaskEvidenceEntity)
      .find({ where: { taskId }, order: { createdAt: 'ASC' } });
  }

  /** The open rows of a task in a unit for the given people (attendance recorded for them). */
  async openRowsFor(
    campaignId: string,
    unitId: string,
    taskKey: string,
    personIds: string[],
    tx: EntityManager,
  ): Promise<Array<{ id: string; personId: string }>> {
    const rows: Array<{ id: string; person_id: string }> = await tx.query(
      `SELECT id, person_id FROM campaign_tasks
       WHERE campaign_id = $1 AND unit_id = $2 AND task_key = $3 AND person_id = ANY($4::uuid[]) AND status = 'open'
       FOR UPDATE`,
      [campaignId, unitId, taskKey, personIds],
    );
    return rows.map((r) => ({ id: r.id, personId: r.person_id }));
  }

  /**
   * Progress per unit and phase within a scope, in SQL: owed (open or done), done, and open
   * past their deadline at campaign time `now`.
   */
  async unitProgress(campaignId: string, scope: Scope, now: number): Promise<UnitProgressRow[]> {
    const params: unknown[] = [campaignId, new Date(now)];
    const inScope = scope.all ? 'TRUE' : `u.path <@ $3::ltree[]`;
    if (!scope.all) params.push(scope.paths);
    const rows: Array<{
      unit_id: string;
      phase_index: number;
      owed: number;
      done: number;
      overdue: number;
    }> = await this.dataSource.query(
      // From the counts PostgreSQL keeps per unit, phase, task, deadline and status (a few
      // hundred rows for 10,000 people), not from every task row.
      `SELECT c.unit_id, c.phase_index,
                coalesce(sum(c.n) FILTER (WHERE c.status IN ('open', 'done')), 0)::int AS owed,
                coalesce(sum(c.n) FILTER (WHERE c.status = 'done'), 0)::int AS done,
                coalesce(sum(c.n) FILTER (WHERE c.status = 'open' AND c.due_at < $2), 0)::int AS overdue
         FROM campaign_task_counts c JOIN units u ON u.id = c.unit_id
         WHERE c.campaign_id = $1 AND c.n <> 0 AND ${inScope}
         GROUP BY c.unit_id, c.phase_index`,
      params,
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      phaseIndex: r.phase_index,
      owed: r.owed,
      done: r.done,
      overdue: r.overdue,
    }));
  }

  /** The same per person, for one unit's subtree. */
  async personProgress(
    campaignId: string,
    unitPath: string,
    now: number,
  ): Promise<PersonProgressRow[]> {
    const rows: Array<{
      person_id: string;
      unit_id: string;
      phase_index: number;
      owed: number;
      done: number;
      overdue: number;
    }> = await this.dataSource.query(
      `SELECT t.person_id, t.unit_id, t.phase_index,
              count(*) FILTER (WHERE t.status IN ('open', 'done'))::int AS owed,
              count(*) FILTER (WHERE t.status = 'done')::int AS done,
              count(*) FILTER (WHERE t.status = 'open' AND t.due_at < $2)::int AS overdue
       FROM campaign_tasks t JOIN units u ON u.id = t.unit_id
       WHERE t.campaign_id = $1 AND t.person_id IS NOT NULL AND u.path <@ $3::ltree
       GROUP BY t.person_id, t.unit_id, t.phase_index
       ORDER BY t.unit_id, t.person_id, t.phase_index`,
      [campaignId, new Date(now), unitPath],
    );
    return rows.map((r) => ({
      personId: r.person_id,
      unitId: r.unit_id,
      phaseIndex: r.phase_index,
      owed: r.owed,
      done: r.done,
      overdue: r.overdue,
    }));
  }
}

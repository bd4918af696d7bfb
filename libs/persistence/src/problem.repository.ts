import type {
  ClarificationItem,
  ConcealmentFlagStatus,
  DisclosureOutcome,
  DispositionForm,
  DispositionMeasure,
  ItemCategory,
  ItemSource,
  ItemStatus,
  PortraitSource,
  ProblemHandling,
  ProblemSeverity,
} from '@campaign/domain';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';

import {
  ChecklistEntryEntity,
  ConcealmentFlagEntity,
  DispositionEntity,
  LifeMeetingEntity,
  ProblemEntity,
} from './entities/problem.entity.js';
import { type Scope, scopeClause } from './org.repository.js';

export type NewProblem = Omit<
  ProblemEntity,
  'createdAt' | 'reportBack' | 'reportBackHandling' | 'reportedBackAt' | 'reportedBackByPersonId'
>;

export type NewConcealmentFlag = Pick<
  ConcealmentFlagEntity,
  | 'id'
  | 'problemId'
  | 'campaignId'
  | 'personId'
  | 'unitId'
  | 'clarificationItem'
  | 'statementId'
  | 'raisedAt'
>;

export type NewLifeMeeting = Omit<LifeMeetingEntity, 'createdAt'>;

/** Which problems a list shows; every filter is applied in SQL. */
export interface ProblemFilter {
  /** By the person's unit when the problem was found. */
  scope: Scope;
  ids?: string[];
  campaignId?: string;
  /** The subtree of this unit. */
  unitId?: string;
  personId?: string;
  channel?: ItemSource;
  disclosure?: DisclosureOutcome;
  handling?: ProblemHandling;
  /** With a concealment flag that has not been withdrawn (open, confirmed or dismissed), or without. */
  flagged?: boolean;
  meetingIds?: string[];
  foundByUnitId?: string;
}

export interface FlagSummary {
  id: string;
  problemId: string;
  campaignId: string;
  personId: string;
  personName: string;
  unitId: string;
  unitName: string;
  status: ConcealmentFlagStatus;
  clarificationItem: ClarificationItem;
  statementId: string;
  statementVersion: number;
  raisedAt: Date;
  decidedAt: Date | null;
  decidedByPersonId: string | null;
  reason: string | null;
}

export interface DispositionRow {
  id: string;
  problemId: string;
  form: DispositionForm;
  measure: DispositionMeasure;
  reason: string;
  decidedByPersonId: string;
  decidedAt: Date;
}

/** A problem as lists, checklists, meetings and integrity files show it: one row, one query. */
export interface ProblemSummary {
  id: string;
  campaignId: string;
  campaignTitle: string;
  personId: string;
  personName: string;
  unitId: string;
  unitName: string;
  channel: ItemSource;
  sourceRound: number | null;
  category: ItemCategory;
  clarificationItem: ClarificationItem | null;
  severity: ProblemSeverity;
  handling: ProblemHandling;
  foundByUnitId: string;
  foundByUnitName: string | null;
  disclosure: DisclosureOutcome;
  statementId: string | null;
  portraitSource: PortraitSource | null;
  meetingId: string | null;
  registeredAt: Date;
  reportBack: string | null;
  reportBackHandling: string | null;
  reportedBackAt: Date | null;
  reportedBackByPersonId: string | null;
  rehearsal: boolean;
  item: { id: string; number: number; description: string; status: ItemStatus };
  flag: Omit<
    FlagSummary,
    'problemId' | 'campaignId' | 'personId' | 'personName' | 'unitId' | 'unitName'
  > | null;
  /** The latest disposition: the one that counts. */
  disposition: DispositionRow | null;
}

export interface DispositionCount {
  /** null on the total row. */
  form: DispositionForm | null;
  /** null on a form's row and the total row. */
  measure: DispositionMeasure | null;
  problems: number;
  people: number;
}

type Row = Record<string, unknown>;

const SUMMARY_SELECT = `
  SELECT p.id, p.campaign_id, c.title AS campaign_title, p.person_id, pe.name AS person_name,
         p.unit_id, u.name AS unit_name, p.channel, p.source_round, p.category,
         p.clarification_item, p.severity, p.handling, p.found_by_unit_id,
         fu.name AS found_by_unit_name, p.disclosure, p.statement_id, p.portrait_source,
         p.meeting_id, p.registered_at, p.report_back, p.report_back_handling,
         p.reported_back_at, p.reported_back_by_person_id, p.rehearsal,
         i.number AS item_number, i.description AS item_description, i.status AS item_status,
         f.id AS flag_id, f.status AS flag_status, f.clarification_item AS flag_item,
         f.statement_id AS flag_statement_id, fs.version AS flag_statement_version,
         f.raised_at AS flag_raised_at, f.decided_at AS flag_decided_at,
         f.decided_by_person_id AS flag_decided_by, f.reason AS flag_reason,
         d.id AS d_id, d.form AS d_form, d.measure AS d_measure, d.reason AS d_reason,
         d.decided_by_person_id AS d_by, d.decided_at AS d_at, p.item_id`;

const SUMMARY_FROM = `
  FROM problems p
  JOIN units u ON u.id = p.unit_id
  JOIN people pe ON pe.id = p.person_id
  JOIN campaigns c ON c.id = p.campaign_id
  JOIN ledger_items i ON i.id = p.item_id
  LEFT JOIN units fu ON fu.id = p.found_by_unit_id
  LEFT JOIN concealment_flags f ON f.problem_id = p.id
  LEFT JOIN statements fs ON fs.id = f.statement_id
  LEFT JOIN LATERAL (
    SELECT * FROM dispositions x WHERE x.problem_id = p.id
     ORDER BY x.decided_at DESC, x.id DESC LIMIT 1) d ON TRUE`;

function summary(r: Row): ProblemSummary {
  const date = (v: unknown) => (v === null ? null : new Date(v as string));
  return {
    id: r['id'] as string,
    campaignId: r['campaign_id'] as string,
    campaignTitle: r['campaign_title'] as string,
    personId: r['person_id'] as string,
    personName: r['person_name'] as string,
    unitId: r['unit_id'] as string,
    unitName: r['unit_name'] as string,
    channel: r['channel'] as ItemSource,
    sourceRound: r['source_round'] as number | null,
    category: r['category'] as ItemCategory,
    clarificationItem: r['clarification_item'] as ClarificationItem | null,
    severity: r['severity'] as ProblemSeverity,
    handling: r['handling'] as ProblemHandling,
    foundByUnitId: r['found_by_unit_id'] as string,
    foundByUnitName: r['found_by_unit_name'] as string | null,
    disclosure: r['disclosure'] as DisclosureOutcome,
    statementId: r['statement_id'] as string | null,
    portraitSource: r['portrait_source'] as PortraitSource | null,
    meetingId: r['meeting_id'] as string | null,
    registeredAt: new Date(r['registered_at'] as string),
    reportBack: r['report_back'] as string | null,
    reportBackHandling: r['report_back_handling'] as string | null,
    reportedBackAt: date(r['reported_back_at']),
    reportedBackByPersonId: r['reported_back_by_person_id'] as string | null,
    rehearsal: r['rehearsal'] as boolean,
    item: {
      id: r['item_id'] as string,
      number: r['item_number'] as number,
      description: r['item_description'] as string,
      status: r['item_status'] as ItemStatus,
    },
    flag:
      r['flag_id'] === null
        ? null
        : {
            id: r['flag_id'] as string,
            status: r['flag_status'] as ConcealmentFlagStatus,
            clarificationItem: r['flag_item'] as ClarificationItem,
            statementId: r['flag_statement_id'] as string,
            statementVersion: (r['flag_statement_version'] as number | null) ?? 0,
            raisedAt: new Date(r['flag_raised_at'] as string),
            decidedAt: date(r['flag_decided_at']),
            decidedByPersonId: r['flag_decided_by'] as string | null,
            reason: r['flag_reason'] as string | null,
          },
    disposition:
      r['d_id'] === null
        ? null
        : {
            id: r['d_id'] as string,
            problemId: r['id'] as string,
            form: r['d_form'] as DispositionForm,
            measure: r['d_measure'] as DispositionMeasure,
            reason: r['d_reason'] as string,
            decidedByPersonId: r['d_by'] as string,
            decidedAt: new Date(r['d_at'] as string),
          },
  };
}

/**
 * Problems found about people (the intake's one door, D4) and what the disclosure rules made of
 * them; the findings that brought them (checklists, life meetings); concealment flags and the
 * inspectors' dispositions. A problem is written in the same transaction as its ledger item's
 * row; its text is the item's description (the office's, inspector's or — for a self-check —
 * the person's own words), never a statement's or a tip-off's.
 */
export class ProblemRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async insertProblem(problem: NewProblem, tx: EntityManager): Promise<void> {
    await tx.getRepository(ProblemEntity).insert(problem);
  }

  async insertFlag(flag: NewConcealmentFlag, tx: EntityManager): Promise<void> {
    await tx.getRepository(ConcealmentFlagEntity).insert({ ...flag, status: 'open' });
  }

  async find(id: string, tx?: EntityManager): Promise<ProblemEntity | null> {
    return this.manager(tx).getRepository(ProblemEntity).findOneBy({ id });
  }

  async flagOf(problemId: string, tx?: EntityManager): Promise<ConcealmentFlagEntity | null> {
    return this.manager(tx).getRepository(ConcealmentFlagEntity).findOneBy({ problemId });
  }

  async findFlag(id: string, tx?: EntityManager): Promise<ConcealmentFlagEntity | null> {
    return this.manager(tx).getRepository(ConcealmentFlagEntity).findOneBy({ id });
  }

  // ---- decisions on a problem (each in the caller's transaction, the problem locked) ---------

  /** Locks a problem's row for a decision about it (flag, match, disposition, report back). */
  async lock(id: string, tx: EntityManager): Promise<ProblemEntity | null> {
    return tx
      .getRepository(ProblemEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Decides an open flag; false when it was not open (decided, withdrawn) any more. */
  async decideFlag(
    id: string,
    decision: { status: 'confirmed' | 'dismissed'; by: string; at: Date; reason: string },
    tx: EntityManager,
  ): Promise<boolean> {
    const { affected } = await tx.getRepository(ConcealmentFlagEntity).update(
      { id, status: 'open' },
      {
        status: decision.status,
        decidedByPersonId: decision.by,
        decidedAt: decision.at,
        reason: decision.reason,
      },
    );
    return affected === 1;
  }

  /** Withdraws an open flag a correction no longer bears out (who, when and why kept). */
  async withdrawFlag(
    id: string,
    withdrawal: { by: string; at: Date; reason: string },
    tx: EntityManager,
  ): Promise<void> {
    await tx.getRepository(ConcealmentFlagEntity).update(
      { id },
      {
        status: 'withdrawn',
        decidedByPersonId: withdrawal.by,
        decidedAt: withdrawal.at,
        reason: withdrawal.reason,
      },
    );
  }

  /** An open flag about another item, or a withdrawn one raised again: open, undecided. */
  async reopenFlag(
    id: string,
    flag: { clarificationItem: ClarificationItem; raisedAt: Date | null },
    tx: EntityManager,
  ): Promise<void> {
    await tx.getRepository(ConcealmentFlagEntity).update(
      { id },
      {
        status: 'open',
        clarificationItem: flag.clarificationItem,
        ...(flag.raisedAt ? { raisedAt: flag.raisedAt } : {}),
        decidedByPersonId: null,
        decidedAt: null,
        reason: null,
      },
    );
  }

  /** The problem's corrected match and what the disclosure rules now make of it. */
  async setClarification(
    id: string,
    judged: {
      clarificationItem: ClarificationItem | null;
      disclosure: DisclosureOutcome;
      statementId: string | null;
    },
    tx: EntityManager,
  ): Promise<void> {
    await tx.getRepository(ProblemEntity).update({ id }, judged);
  }

  async insertDisposition(row: DispositionRow, tx: EntityManager): Promise<void> {
    await tx.getRepository(DispositionEntity).insert(row);
  }

  /** Every disposition of each problem, newest first (the first counts). */
  async dispositionsOf(
    problemIds: string[],
    tx?: EntityManager,
  ): Promise<Map<string, DispositionRow[]>> {
    const byProblem = new Map<string, DispositionRow[]>(problemIds.map((id) => [id, []]));
    if (problemIds.length === 0) return byProblem;
    const rows = await this.manager(tx)
      .getRepository(DispositionEntity)
      .createQueryBuilder('d')
      .where('d.problem_id = ANY(:ids)', { ids: problemIds })
      .orderBy('d.decided_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .getMany();
    for (const row of rows) byProblem.get(row.problemId)?.push({ ...row });
    return byProblem;
  }

  /** Records a handed-down problem's report back once; false when it is reported already. */
  async recordReportBack(
    id: string,
    report: { result: string; handling: string; by: string; at: Date },
    tx: EntityManager,
  ): Promise<boolean> {
    const { affected } = await tx.getRepository(ProblemEntity).update(
      { id, reportedBackAt: IsNull() },
      {
        reportBack: report.result,
        reportBackHandling: report.handling,
        reportedBackByPersonId: report.by,
        reportedBackAt: report.at,
      },
    );
    return affected === 1;
  }

  // ---- findings: checklists and life meetings -------------------------------------------------

  async insertChecklistEntries(entries: ChecklistEntryEntity[], tx: EntityManager): Promise<void> {
    if (entries.length > 0) await tx.getRepository(ChecklistEntryEntity).insert(entries);
  }

  async checklist(campaignId: string, personId: string): Promise<ChecklistEntryEntity[]> {
    return this.dataSource
      .getRepository(ChecklistEntryEntity)
      .find({ where: { campaignId, personId }, order: { recordedAt: 'ASC' } });
  }

  async insertMeeting(meeting: NewLifeMeeting, tx?: EntityManager): Promise<void> {
    await this.manager(tx).getRepository(LifeMeetingEntity).insert(meeting);
  }

  /** A meeting with the path of the unit that held it. */
  async findMeeting(id: string): Promise<{ meeting: LifeMeetingEntity; unitPath: string } | null> {
    const meeting = await this.dataSource.getRepository(LifeMeetingEntity).findOneBy({ id });
    if (!meeting) return null;
    const [unit]: Array<{ path: string }> = await this.dataSource.query(
      'SELECT path::text AS path FROM units WHERE id = $1',
      [meeting.unitId],
    );
    return unit ? { meeting, unitPath: unit.path } : null;
  }

  /** A campaign's meetings held by units in scope, latest first. */
  async meetings(campaignId: string, scope: Scope, unitId?: string): Promise<LifeMeetingEntity[]> {
    const params: unknown[] = [campaignId];
    const where = [`m.campaign_id = $1`, scopeClause('u', scope, params)];
    if (unitId !== undefined) {
      params.push(unitId);
      where.push(`u.path <@ (SELECT path FROM units WHERE id = $${params.length})`);
    }
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT m.id FROM life_meetings m JOIN units u ON u.id = m.unit_id
        WHERE ${where.join(' AND ')} ORDER BY m.held_on DESC, m.created_at DESC`,
      params,
    );
    if (rows.length === 0) return [];
    const meetings = await this.dataSource
      .getRepository(LifeMeetingEntity)
      .createQueryBuilder('m')
      .whereInIds(rows.map((r) => r.id))
      .getMany();
    const order = new Map(rows.map((r, i) => [r.id, i]));
    return meetings.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  // ---- lists ---------------------------------------------------------------------------------

  private where(filter: ProblemFilter, params: unknown[]): string {
    const where = [scopeClause('u', filter.scope, params)];
    const eq = (column: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    if (filter.ids !== undefined) {
      params.push(filter.ids);
      where.push(`p.id = ANY($${params.length}::uuid[])`);
    }
    if (filter.meetingIds !== undefined) {
      params.push(filter.meetingIds);
      where.push(`p.meeting_id = ANY($${params.length}::uuid[])`);
    }
    eq('p.campaign_id', filter.campaignId);
    eq('p.person_id', filter.personId);
    eq('p.channel', filter.channel);
    eq('p.disclosure', filter.disclosure);
    eq('p.handling', filter.handling);
    eq('p.found_by_unit_id', filter.foundByUnitId);
    if (filter.unitId !== undefined) {
      params.push(filter.unitId);
      where.push(`u.path <@ (SELECT path FROM units WHERE id = $${params.length})`);
    }
    if (filter.flagged !== undefined) {
      where.push(
        `${filter.flagged ? '' : 'NOT '}EXISTS (SELECT 1 FROM concealment_flags g
           WHERE g.problem_id = p.id AND g.status <> 'withdrawn')`,
      );
    }
    return where.join(' AND ');
  }

  /** A page of problems, newest first. */
  async list(
    filter: ProblemFilter,
    page: { page: number; pageSize: number },
  ): Promise<{ items: ProblemSummary[]; total: number }> {
    const params: unknown[] = [];
    const where = this.where(filter, params);
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM problems p JOIN units u ON u.id = p.unit_id WHERE ${where}`,
      params,
    );
    const rows: Row[] = await this.dataSource.query(
      `${SUMMARY_SELECT} ${SUMMARY_FROM} WHERE ${where}
        ORDER BY p.registered_at DESC, p.id
        LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
      params,
    );
    return { items: rows.map(summary), total };
  }

  /** Every problem a filter selects, oldest first (bounded sets: a checklist, a meeting, a file). */
  async summaries(filter: ProblemFilter): Promise<ProblemSummary[]> {
    const params: unknown[] = [];
    const rows: Row[] = await this.dataSource.query(
      `${SUMMARY_SELECT} ${SUMMARY_FROM} WHERE ${this.where(filter, params)}
        ORDER BY p.registered_at, p.id`,
      params,
    );
    return rows.map(summary);
  }

  /**
   * A campaign's portrait comparison findings (画像比对) in scope, by the branch that compared
   * (the unit that found them), oldest first.
   */
  async portraitFindings(
    campaignId: string,
    scope: Scope,
    branchId?: string,
  ): Promise<ProblemSummary[]> {
    return this.summaries({
      scope,
      campaignId,
      channel: 'portrait',
      ...(branchId !== undefined ? { foundByUnitId: branchId } : {}),
    });
  }

  /** Concealment flags in scope (by the person's unit when found), newest first. */
  async flags(
    filter: { scope: Scope; id?: string; campaignId?: string; status?: ConcealmentFlagStatus },
    page: { page: number; pageSize: number },
  ): Promise<{ items: FlagSummary[]; total: number }> {
    const params: unknown[] = [];
    const where = [scopeClause('u', filter.scope, params)];
    if (filter.id !== undefined) {
      params.push(filter.id);
      where.push(`f.id = $${params.length}`);
    }
    if (filter.campaignId !== undefined) {
      params.push(filter.campaignId);
      where.push(`f.campaign_id = $${params.length}`);
    }
    if (filter.status !== undefined) {
      params.push(filter.status);
      where.push(`f.status = $${params.length}`);
    }
    const clause = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total
         FROM concealment_flags f JOIN units u ON u.id = f.unit_id WHERE ${clause}`,
      params,
    );
    const rows: Row[] = await this.dataSource.query(
      `SELECT f.id, f.problem_id, f.campaign_id, f.person_id, pe.name AS person_name, f.unit_id,
              u.name AS unit_name, f.status, f.clarification_item, f.statement_id,
              s.version AS statement_version, f.raised_at, f.decided_at,
              f.decided_by_person_id, f.reason
         FROM concealment_flags f
         JOIN units u ON u.id = f.unit_id
         JOIN people pe ON pe.id = f.person_id
         LEFT JOIN statements s ON s.id = f.statement_id
        WHERE ${clause}
        ORDER BY f.raised_at DESC, f.id
        LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
      params,
    );
    return {
      total,
      items: rows.map((r) => ({
        id: r['id'] as string,
        problemId: r['problem_id'] as string,
        campaignId: r['campaign_id'] as string,
        personId: r['person_id'] as string,
        personName: r['person_name'] as string,
        unitId: r['unit_id'] as string,
        unitName: r['unit_name'] as string,
        status: r['status'] as ConcealmentFlagStatus,
        clarificationItem: r['clarification_item'] as ClarificationItem,
        statementId: r['statement_id'] as string,
        statementVersion: (r['statement_version'] as number | null) ?? 0,
        raisedAt: new Date(r['raised_at'] as string),
        decidedAt: r['decided_at'] === null ? null : new Date(r['decided_at'] as string),
        decidedByPersonId: r['decided_by_person_id'] as string | null,
        reason: r['reason'] as string | null,
      })),
    };
  }

  /**
   * The statistics of the four forms in a campaign (e.g. "诫勉谈话 xx 人"), in scope: each
   * problem counted once, by its latest disposition; people counted once per row. Rows per
   * form and measure, per form (`measure` null) and the total (both null).
   */
  async dispositionCounts(campaignId: string, scope: Scope): Promise<DispositionCount[]> {
    const params: unknown[] = [campaignId];
    const rows: Array<{
      form: number | null;
      measure: string | null;
      problems: number;
      people: number;
    }> = await this.dataSource.query(
      `SELECT d.form, d.measure, count(*)::int AS problems,
                count(DISTINCT p.person_id)::int AS people
           FROM (SELECT DISTINCT ON (x.problem_id) x.problem_id, x.form, x.measure
                   FROM dispositions x JOIN problems q ON q.id = x.problem_id
                  WHERE q.campaign_id = $1
                  ORDER BY x.problem_id, x.decided_at DESC, x.id DESC) d
           JOIN problems p ON p.id = d.problem_id
           JOIN units u ON u.id = p.unit_id
          WHERE ${scopeClause('u', scope, params)}
          GROUP BY GROUPING SETS ((d.form, d.measure), (d.form), ())
          ORDER BY d.form NULLS LAST, d.measure NULLS FIRST`,
      params,
    );
    return rows.map((r) => ({
      form: r.form as DispositionForm | null,
      measure: r.measure as DispositionMeasure | null,
      problems: r.problems,
      people: r.people,
    }));
  }
}

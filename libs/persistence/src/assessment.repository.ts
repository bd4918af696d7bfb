import {
  type AssessmentFigure,
  type DispositionForm,
  type DispositionMeasure,
  KEY_PERSON_REMINDER_KINDS,
  type KeyPersonReminderKind,
  type ProblemChannel,
  VIOLATION_CASE_FORMS,
  VIOLATION_CASE_HANDLING,
  type WarningForm,
} from '@campaign/domain';
import type { DataSource } from 'typeorm';

import { type Scope, scopeClause } from './org.repository.js';

/** The campaign-time instant of wall instant `wall` on campaign `c`'s clock (a rehearsal runs fast). */
const campaignTime = (c: string, wall: string) =>
  `(CASE WHEN ${c}.rehearsal AND ${c}.clock_campaign_anchor IS NOT NULL AND ${c}.clock_workflow_anchor IS NOT NULL
     THEN ${c}.clock_campaign_anchor + (${wall} - ${c}.clock_workflow_anchor) * ${c}.time_scale
     ELSE ${wall} END)`;

/**
 * The unit answering for a ledger item, as the accountability register names it: its
 * responsible unit once assigned, else its own unit.
 */
const ANSWERING_UNIT = 'COALESCE(i.responsible_unit_id, i.unit_id)';

/**
 * Whether problem `p` is a new violation case (libs/domain `isViolationCase`): handled as a case,
 * or its latest disposition (`d`, a lateral join on the latest) in the second to fourth form.
 * Pushes its two parameters.
 */
function violationCaseSql(params: unknown[]): string {
  params.push(VIOLATION_CASE_HANDLING, [...VIOLATION_CASE_FORMS]);
  return `(p.handling = $${params.length - 1} OR d.form = ANY($${params.length}::smallint[]))`;
}
const LATEST_DISPOSITION = `LEFT JOIN LATERAL (
    SELECT x.form FROM dispositions x WHERE x.problem_id = p.id
    ORDER BY x.decided_at DESC, x.id DESC LIMIT 1) d ON TRUE`;

export interface PhaseFigureRow {
  unitId: string;
  phaseIndex: number;
  figure: 'problem' | 'registered' | 'closed' | 'warning';
  /** A problem's channel, a warning's level. */
  detail: string | null;
  n: number;
}

export interface PhaseSummaryTextRow {
  taskId: string;
  unitId: string;
  phaseIndex: number;
  taskKey: string;
  status: string;
  completedAt: Date | null;
  completedByPersonId: string | null;
  text: string | null;
  /** Evidence besides text: files and links. */
  attachments: number;
}

export type AssessmentFigureRow = {
  unitId: string;
  figure: AssessmentFigure | 'gate_met';
  n: number;
};

export interface YearQuery {
  from: Date;
  to: Date;
  scope: Scope;
  rehearsal: boolean;
}

export interface CoveredUnitRow {
  unitId: string;
  unitName: string;
  unitCode: string;
  /** Campaigns of the year that covered it. */
  campaigns: number;
  /** New violation cases of the year in its subtree. */
  cases: number;
}

export interface FailedUnitRow {
  unitId: string;
  unitName: string;
  unitCode: string;
  /** Items that reached accountability in the year. */
  accountability: number;
  /** Items still overdue at the year's end (or now, before it). */
  overdue: number;
}

export interface YearStatistics {
  clues: Array<{ channel: ProblemChannel; count: number }>;
  /** Latest disposition per problem, decided in the year; `measure` null: the form's total; both null: all. */
  dispositions: Array<{
    form: DispositionForm | null;
    measure: DispositionMeasure | null;
    count: number;
    people: number;
  }>;
  /** `form` null: all forms. */
  warningEducation: Array<{ form: WarningForm | null; sessions: number; participations: number }>;
  /** `kind` null: all kinds. */
  reminders: Array<{ kind: KeyPersonReminderKind | null; count: number; people: number }>;
}

/**
 * The read side of consolidation and assessment (DOMAIN.md D6, D8): every figure counted and
 * scoped (by unit subtree) in SQL, grouped per unit; nothing is loaded row by row.
 */
export class AssessmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per unit in scope and phase of a campaign: problems found by channel, ledger items
   * registered and closed, warnings by level, each dated within the phase as it stands now
   * (campaign time, [start, end)).
   */
  async phaseFigures(campaignId: string, scope: Scope): Promise<PhaseFigureRow[]> {
    const params: unknown[] = [campaignId];
    const inScope = scopeClause('u', scope, params);
    const within = (column: string) => `${column} >= ph.starts_at AND ${column} < ph.ends_at`;
    return this.dataSource.query(
      `WITH ph AS (SELECT position, starts_at, ends_at FROM campaign_phases WHERE campaign_id = $1),
       facts AS (
         SELECT p.unit_id, ph.position, 'problem' AS figure, p.channel::text AS detail, count(*)::int AS n
         FROM problems p JOIN ph ON ${within('p.registered_at')}
         WHERE p.campaign_id = $1 GROUP BY 1, 2, 4
         UNION ALL
         SELECT ${ANSWERING_UNIT}, ph.position, 'registered', NULL, count(*)::int
         FROM ledger_items i JOIN ph ON ${within('i.registered_at')}
         WHERE i.campaign_id = $1 GROUP BY 1, 2
         UNION ALL
         SELECT ${ANSWERING_UNIT}, ph.position, 'closed', NULL, count(*)::int
         FROM ledger_items i JOIN ph ON ${within('i.closed_at')}
         WHERE i.campaign_id = $1 GROUP BY 1, 2
         UNION ALL
         SELECT a.unit_id, ph.position, 'warning', a.level::text, count(*)::int
         FROM accountability_entries a JOIN ph ON ${within('a.at')}
         WHERE a.campaign_id = $1 AND a.kind = 'warning' AND a.level IS NOT NULL GROUP BY 1, 2, 4
       )
       SELECT f.unit_id AS "unitId", f.position AS "phaseIndex", f.figure, f.detail, f.n
       FROM facts f JOIN units u ON u.id = f.unit_id WHERE ${inScope}`,
      params,
    );
  }

  /**
   * The phase summaries units wrote: every unit-owned `phase_summary` task of the campaign in
   * scope, with the text of its evidence (several texts joined by a blank line).
   */
  async phaseSummaryTexts(campaignId: string, scope: Scope): Promise<PhaseSummaryTextRow[]> {
    const params: unknown[] = [campaignId];
    const inScope = scopeClause('u', scope, params);
    return this.dataSource.query(
      `SELECT t.id AS "taskId", t.unit_id AS "unitId", t.phase_index AS "phaseIndex",
              t.task_key AS "taskKey", t.status, t.completed_at AS "completedAt",
              t.completed_by_person_id AS "completedByPersonId",
              string_agg(e.text, E'\\n\\n' ORDER BY e.created_at, e.id) FILTER (WHERE e.kind = 'text') AS text,
              count(e.id) FILTER (WHERE e.kind <> 'text')::int AS attachments
       FROM campaign_tasks t JOIN units u ON u.id = t.unit_id
       LEFT JOIN task_evidence e ON e.task_id = t.id
       WHERE t.campaign_id = $1 AND t.kind = 'phase_summary' AND t.person_id IS NULL AND ${inScope}
       GROUP BY t.id, u.path ORDER BY t.phase_index, u.path, t.task_key`,
      params,
    );
  }

  /**
   * Per unit in scope, a campaign's assessment figures: gates met and missed, items overdue now,
   * warnings by level and ladder rungs from the register, new violation cases. Ledger figures
   * count against the unit answering for the item; cases against the person's unit.
   */
  async assessmentFigures(campaignId: string, scope: Scope): Promise<AssessmentFigureRow[]> {
    const params: unknown[] = [campaignId];
    const isCase = violationCaseSql(params);
    const inScope = scopeClause('u', scope, params);
    return this.dataSource.query(
      `WITH facts AS (
         SELECT g.unit_id, CASE WHEN g.passed THEN 'gate_met' ELSE 'gate_missed' END AS figure,
                count(*)::int AS n
         FROM campaign_gate_results g WHERE g.campaign_id = $1 GROUP BY 1, 2
         UNION ALL
         SELECT ${ANSWERING_UNIT}, 'overdue_item', count(*)::int
         FROM ledger_items i WHERE i.campaign_id = $1 AND i.overdue GROUP BY 1
         UNION ALL
         SELECT a.unit_id,
                CASE WHEN a.kind = 'rung' THEN 'escalation'
                     WHEN a.level = 'yellow' THEN 'yellow_warning' ELSE 'red_warning' END,
                count(*)::int
         FROM accountability_entries a
         WHERE a.campaign_id = $1 AND (a.kind = 'rung' OR (a.kind = 'warning' AND a.level IS NOT NULL))
         GROUP BY 1, 2
         UNION ALL
         SELECT p.unit_id, 'violation_case', count(*)::int
         FROM problems p ${LATEST_DISPOSITION}
         WHERE p.campaign_id = $1 AND ${isCase} GROUP BY 1
       )
       SELECT f.unit_id AS "unitId", f.figure, sum(f.n)::int AS n
       FROM facts f JOIN units u ON u.id = f.unit_id WHERE ${inScope} GROUP BY 1, 2`,
      params,
    );
  }

  /**
   * The units in scope that campaigns of the year covered (campaigns whose phases overlap it,
   * rehearsals or real ones as asked), each with the new
   * violation cases registered in the year in its subtree.
   */
  async coveredUnits(q: YearQuery): Promise<CoveredUnitRow[]> {
    const params: unknown[] = [q.from, q.to, q.rehearsal];
    const isCase = violationCaseSql(params);
    const inScope = scopeClause('u', q.scope, params);
    return this.dataSource.query(
      `WITH covered AS (
         SELECT cu.unit_id, count(DISTINCT c.id)::int AS campaigns
         FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id
         JOIN LATERAL (SELECT min(ph.starts_at) AS s, max(ph.ends_at) AS e
                       FROM campaign_phases ph WHERE ph.campaign_id = c.id) span ON TRUE
         WHERE c.rehearsal = $3 AND c.status <> 'launching' AND span.s < $2 AND span.e > $1
         GROUP BY cu.unit_id
       ),
       cases AS (
         SELECT p.unit_id, count(*)::int AS n
         FROM problems p ${LATEST_DISPOSITION}
         WHERE p.rehearsal = $3 AND p.registered_at >= $1 AND p.registered_at < $2 AND ${isCase}
         GROUP BY p.unit_id
       )
       SELECT u.id AS "unitId", u.name AS "unitName", u.code AS "unitCode", cv.campaigns,
              (SELECT coalesce(sum(x.n), 0)::int FROM cases x JOIN units xu ON xu.id = x.unit_id
               WHERE xu.path <@ u.path) AS cases
       FROM covered cv JOIN units u ON u.id = cv.unit_id
       WHERE ${inScope} ORDER BY u.path`,
      params,
    );
  }

  /**
   * The units in scope whose rectification failed in the year: an item reached accountability
   * in it, or an item was still overdue at its end — its deadline in force passed before the
   * year's end (or before now on its campaign's clock, while the year runs) and it was not
   * closed by then. Long-term items are never overdue.
   */
  async failedUnits(q: YearQuery): Promise<FailedUnitRow[]> {
    const params: unknown[] = [q.from, q.to, q.rehearsal];
    const inScope = scopeClause('u', q.scope, params);
    const now = campaignTime('c', 'now()');
    return this.dataSource.query(
      `WITH acc AS (
         SELECT a.unit_id, count(DISTINCT a.item_id)::int AS n
         FROM accountability_entries a
         WHERE a.rung = 'accountability' AND a.rehearsal = $3 AND a.at >= $1 AND a.at < $2
         GROUP BY 1
       ),
       late AS (
         SELECT ${ANSWERING_UNIT} AS unit_id, count(*)::int AS n
         FROM ledger_items i JOIN campaigns c ON c.id = i.campaign_id
         CROSS JOIN LATERAL (SELECT ${now} AS now) t
         CROSS JOIN LATERAL (SELECT LEAST($2::timestamptz, t.now) AS cutoff) e
         WHERE c.rehearsal = $3 AND t.now >= $1
           AND i.mode IS DISTINCT FROM 'long_term' AND i.deadline < e.cutoff
           AND NOT (i.status IN ('closed', 'confirmed') AND i.closed_at < e.cutoff)
         GROUP BY 1
       )
       SELECT u.id AS "unitId", u.name AS "unitName", u.code AS "unitCode",
              coalesce(acc.n, 0) AS accountability, coalesce(late.n, 0) AS overdue
       FROM units u LEFT JOIN acc ON acc.unit_id = u.id LEFT JOIN late ON late.unit_id = u.id
       WHERE (acc.n IS NOT NULL OR late.n IS NOT NULL) AND ${inScope}
       ORDER BY u.path`,
      params,
    );
  }

  /**
   * The year-end report's figures in scope: clues handled (problems registered in the year, by
   * channel, by the person's unit); dispositions (each problem's latest, decided in the year) by
   * form and measure, with the people concerned; warning-education sessions held (a unit's
   * completions of one warning-education task; participations are the completions), by form;
   * reminders (deadline and holiday integrity reminders) sent to people flagged key persons, by
   * the recipient's unit, each message once whatever its channels.
   */
  async statistics(q: YearQuery): Promise<YearStatistics> {
    const base = () => [q.from, q.to, q.rehearsal] as unknown[];

    const clueParams = base();
    const clues: YearStatistics['clues'] = await this.dataSource.query(
      `SELECT p.channel, count(*)::int AS count
       FROM problems p JOIN units u ON u.id = p.unit_id
       WHERE p.rehearsal = $3 AND p.registered_at >= $1 AND p.registered_at < $2
         AND ${scopeClause('u', q.scope, clueParams)}
       GROUP BY p.channel ORDER BY p.channel`,
      clueParams,
    );

    const dispositionParams = base();
    const dispositions: Array<{
      form: number | null;
      measure: DispositionMeasure | null;
      count: number;
      people: number;
    }> = await this.dataSource.query(
      `WITH latest AS (
         SELECT DISTINCT ON (d.problem_id) d.problem_id, d.form, d.measure, d.decided_at, p.person_id
         FROM dispositions d JOIN problems p ON p.id = d.problem_id JOIN units u ON u.id = p.unit_id
         WHERE p.rehearsal = $3 AND ${scopeClause('u', q.scope, dispositionParams)}
         ORDER BY d.problem_id, d.decided_at DESC, d.id DESC
       )
       SELECT form, measure, count(*)::int AS count, count(DISTINCT person_id)::int AS people
       FROM latest WHERE decided_at >= $1 AND decided_at < $2
       GROUP BY GROUPING SETS ((form, measure), (form), ())
       ORDER BY form NULLS LAST, measure NULLS FIRST`,
      dispositionParams,
    );

    const educationParams = base();
    const warningEducation: Array<{
      form: WarningForm | null;
      all: boolean;
      sessions: number;
      participations: number;
    }> = await this.dataSource.query(
      `WITH held AS (
         SELECT t.campaign_id, t.phase_index, t.task_key, t.unit_id, count(*)::int AS n
         FROM campaign_tasks t JOIN campaigns c ON c.id = t.campaign_id JOIN units u ON u.id = t.unit_id
         WHERE t.kind = 'warning_education' AND t.status = 'done' AND c.rehearsal = $3
           AND t.completed_at >= $1 AND t.completed_at < $2
           AND ${scopeClause('u', q.scope, educationParams)}
         GROUP BY 1, 2, 3, 4
       )
       SELECT f.form, grouping(f.form) = 1 AS "all", count(*)::int AS sessions,
              sum(h.n)::int AS participations
       FROM held h JOIN campaigns c ON c.id = h.campaign_id
       CROSS JOIN LATERAL (
         SELECT (SELECT x->>'warningForm'
                 FROM jsonb_array_elements(c.plan->'resolved'->'phases'->h.phase_index->'tasks') x
                 WHERE x->>'key' = h.task_key LIMIT 1) AS form) f
       GROUP BY ROLLUP (f.form) ORDER BY f.form NULLS LAST`,
      educationParams,
    );

    const reminderParams = base();
    reminderParams.push([...KEY_PERSON_REMINDER_KINDS]);
    const reminders: YearStatistics['reminders'] = await this.dataSource.query(
      `SELECT n.template_key AS kind, count(DISTINCT n.dedupe_key)::int AS count,
              count(DISTINCT n.recipient_person_id)::int AS people
       FROM notifications n
       JOIN people p ON p.id = n.recipient_person_id AND p.is_key_person
       JOIN units u ON u.id = p.unit_id
       LEFT JOIN campaigns c ON c.id = n.campaign_id
       WHERE n.template_key = ANY($4::text[]) AND n.rehearsal = $3
         AND ${campaignTime('c', 'n.created_at')} >= $1 AND ${campaignTime('c', 'n.created_at')} < $2
         AND ${scopeClause('u', q.scope, reminderParams)}
       GROUP BY ROLLUP (n.template_key) ORDER BY n.template_key NULLS LAST`,
      reminderParams,
    );

    return {
      clues,
      dispositions: dispositions.map((d) => ({
        ...d,
        form: d.form === null ? null : (Number(d.form) as DispositionForm),
      })),
      // A task without a form (none: the plan requires one) counts in the total only.
      warningEducation: warningEducation
        .filter((w) => w.all || w.form !== null)
        .map((w) => ({
          form: w.all ? null : w.form,
          sessions: Number(w.sessions),
          participations: Number(w.participations),
        })),
      reminders,
    };
  }
}

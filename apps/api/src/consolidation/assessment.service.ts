import {
  ASSESSMENT_FIGURES,
  type AssessmentFigures,
  assessmentPolicyOf,
  DISPOSITION_FORMS,
  type DispositionMeasure,
  type KeyPersonReminderKind,
  label,
  type Language,
  PHASE_SUMMARY_FIGURES,
  type ProblemChannel,
  type RectificationFailure,
  scoreUnit,
  STATISTICS_FIGURES,
  type TaskStatus,
  type WarningForm,
  yearSpan,
} from '@campaign/domain';
import {
  AssessmentRepository,
  CampaignReadModelRepository,
  TaskRepository,
} from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { labelled, phaseLabelled } from '../common/labelled.js';
import type {
  AssessmentView,
  ChannelCountView,
  PhaseFiguresView,
  PhaseSummaryListView,
  PhaseSummaryTextView,
  StatisticsView,
  YearEndView,
} from './assessment.dto.js';

const iso = (d: Date | number | null) => (d === null ? null : new Date(d).toISOString());

type Figures = Omit<PhaseFiguresView, 'problemsByChannel'> & {
  channels: Map<ProblemChannel, number>;
};
const emptyFigures = (): Figures => ({
  tasksOwed: 0,
  tasksDone: 0,
  tasksOverdue: 0,
  problems: 0,
  itemsRegistered: 0,
  itemsClosed: 0,
  yellowWarnings: 0,
  redWarnings: 0,
  channels: new Map(),
});

/**
 * Consolidation and assessment as people read them (DOMAIN.md D6, D8): phase summaries, a
 * campaign's assessment per unit, the year-end lists and statistics. A campaign answers 404
 * unless the caller may read it; every figure is of the units in the caller's subtrees and is
 * counted in SQL (AssessmentRepository). Rehearsals are left out of the year's figures unless
 * asked for (then they alone count).
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly assessment: AssessmentRepository,
    private readonly campaigns: CampaignsService,
    private readonly readModel: CampaignReadModelRepository,
    private readonly tasks: TaskRepository,
  ) {}

  async phaseSummaries(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<PhaseSummaryListView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'assessment.read');
    const scope = principal.scope('assessment.read');
    const [units, progress, facts, texts] = await Promise.all([
      this.readModel.unitsInScope(campaign.id, scope),
      this.tasks.unitProgress(campaign.id, scope, this.campaigns.now(campaign)),
      this.assessment.phaseFigures(campaign.id, scope),
      this.assessment.phaseSummaryTexts(campaign.id, scope),
    ]);
    const cells = new Map<string, Figures>();
    const cell = (unitId: string, phaseIndex: number) => {
      const key = `${unitId}/${phaseIndex}`;
      let found = cells.get(key);
      if (!found) cells.set(key, (found = emptyFigures()));
      return found;
    };
    for (const r of progress) {
      const f = cell(r.unitId, r.phaseIndex);
      f.tasksOwed += r.owed;
      f.tasksDone += r.done;
      f.tasksOverdue += r.overdue;
    }
    for (const r of facts) {
      const f = cell(r.unitId, r.phaseIndex);
      if (r.figure === 'problem') {
        f.problems += r.n;
        const channel = r.detail as ProblemChannel;
        f.channels.set(channel, (f.channels.get(channel) ?? 0) + r.n);
      } else if (r.figure === 'registered') f.itemsRegistered += r.n;
      else if (r.figure === 'closed') f.itemsClosed += r.n;
      else if (r.detail === 'yellow') f.yellowWarnings += r.n;
      else if (r.detail === 'red') f.redWarnings += r.n;
    }
    const view = (f: Figures): PhaseFiguresView => {
      const { channels, ...figures } = f;
      return {
        ...figures,
        problemsByChannel: [...channels]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([channel, count]): ChannelCountView => ({
            channel: labelled('itemSource', channel, language),
            count,
          })),
      };
    };
    const plan = campaign.plan?.resolved;
    return {
      campaignId: campaign.id,
      rehearsal: campaign.rehearsal,
      figureLabels: Object.fromEntries(
        PHASE_SUMMARY_FIGURES.map((f) => [f, label('phaseSummaryFigure', f, language)]),
      ),
      phases: (campaign.phases ?? []).map((phase) => {
        const total = emptyFigures();
        const unitViews = units.map((u) => {
          const f = cells.get(`${u.id}/${phase.position}`) ?? emptyFigures();
          for (const key of PHASE_SUMMARY_FIGURES) total[key] += f[key];
          for (const [channel, n] of f.channels)
            total.channels.set(channel, (total.channels.get(channel) ?? 0) + n);
          return {
            unitId: u.id,
            unitName: u.name,
            unitCode: u.code,
            figures: view(f),
            summaries: texts
              .filter((t) => t.unitId === u.id && t.phaseIndex === phase.position)
              .map((t): PhaseSummaryTextView => ({
                taskId: t.taskId,
                taskKey: t.taskKey,
                taskName:
                  plan?.phases[t.phaseIndex]?.tasks.find((s) => s.key === t.taskKey)?.name[
                    language
                  ] ?? t.taskKey,
                status: labelled('taskStatus', t.status as TaskStatus, language),
                completedAt: iso(t.completedAt),
                completedByPersonId: t.completedByPersonId,
                text: t.text,
                attachments: Number(t.attachments),
              })),
          };
        });
        return {
          index: phase.position,
          kind: phaseLabelled(phase.kind, phase.name, language),
          name: phaseLabelled(phase.kind, phase.name, language).label,
          startsAt: phase.startsAt.toISOString(),
          endsAt: phase.endsAt.toISOString(),
          closedAt: iso(phase.closedAt),
          totals: view(total),
          units: unitViews,
        };
      }),
    };
  }

  async campaignAssessment(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<AssessmentView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'assessment.read');
    const scope = principal.scope('assessment.read');
    const [units, rows] = await Promise.all([
      this.readModel.unitsInScope(campaign.id, scope),
      this.assessment.assessmentFigures(campaign.id, scope),
    ]);
    const { policy, fromPlan } = assessmentPolicyOf(campaign.plan?.resolved);
    return {
      campaignId: campaign.id,
      rehearsal: campaign.rehearsal,
      policy,
      defaultPolicy: !fromPlan,
      units: units.map((u) => {
        const count = (figure: string) =>
          rows.filter((r) => r.unitId === u.id && r.figure === figure).reduce((n, r) => n + r.n, 0);
        const figures = Object.fromEntries(
          ASSESSMENT_FIGURES.map((f) => [f, count(f)]),
        ) as AssessmentFigures;
        const score = scoreUnit(figures, policy);
        return {
          unitId: u.id,
          unitName: u.name,
          unitCode: u.code,
          gatesMet: count('gate_met'),
          gatesMissed: figures.gate_missed,
          overdueItems: figures.overdue_item,
          yellowWarnings: figures.yellow_warning,
          redWarnings: figures.red_warning,
          escalations: figures.escalation,
          violationCases: figures.violation_case,
          deductions: score.deductions.map((d) => ({
            figure: labelled('assessmentFigure', d.figure, language),
            count: d.count,
            pointsEach: d.pointsEach,
            points: d.points,
          })),
          deducted: score.deducted,
          score: score.score,
        };
      }),
    };
  }

  /**
   * The year-end lists: units to commend (the year's campaigns covered them, no new violation
   * case in their subtree, and not named for failed rectification) and units to name (an item
   * reached accountability in the year, or was still overdue at its end).
   */
  async yearEnd(
    principal: Principal,
    year: number,
    rehearsal: boolean,
    language: Language,
  ): Promise<YearEndView> {
    const { from, to } = yearSpan(year);
    const query = {
      from: new Date(from),
      to: new Date(to),
      scope: principal.scope('assessment.read'),
      rehearsal,
    };
    const [covered, failed] = await Promise.all([
      this.assessment.coveredUnits(query),
      this.assessment.failedUnits(query),
    ]);
    const named = new Set(failed.map((f) => f.unitId));
    const ref = (u: { unitId: string; unitName: string; unitCode: string }) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      unitCode: u.unitCode,
    });
    const reason = (code: RectificationFailure, items: number) => ({
      reason: labelled('rectificationFailure', code, language),
      items,
    });
    return {
      year,
      rehearsal,
      from: iso(from)!,
      to: iso(to)!,
      commended: covered
        .filter((u) => u.cases === 0 && !named.has(u.unitId))
        .map((u) => ({ ...ref(u), campaigns: u.campaigns })),
      failed: failed.map((u) => ({
        ...ref(u),
        reasons: [
          ...(u.accountability > 0 ? [reason('accountability', u.accountability)] : []),
          ...(u.overdue > 0 ? [reason('overdue_at_year_end', u.overdue)] : []),
        ],
      })),
      withViolationCases: covered
        .filter((u) => u.cases > 0)
        .map((u) => ({ ...ref(u), cases: u.cases })),
    };
  }

  /** The figures the year-end report quotes, in the caller's scope. */
  async statistics(
    principal: Principal,
    year: number,
    rehearsal: boolean,
    language: Language,
  ): Promise<StatisticsView> {
    const { from, to } = yearSpan(year);
    const s = await this.assessment.statistics({
      from: new Date(from),
      to: new Date(to),
      scope: principal.scope('assessment.read'),
      rehearsal,
    });
    const allDispositions = s.dispositions.find((d) => d.form === null && d.measure === null);
    const allEducation = s.warningEducation.find((w) => w.form === null);
    const allReminders = s.reminders.find((r) => r.kind === null);
    return {
      year,
      rehearsal,
      from: iso(from)!,
      to: iso(to)!,
      figureLabels: Object.fromEntries(
        STATISTICS_FIGURES.map((f) => [f, label('statisticsFigure', f, language)]),
      ),
      clues: {
        total: s.clues.reduce((n, c) => n + c.count, 0),
        byChannel: s.clues.map((c) => ({
          channel: labelled('itemSource', c.channel, language),
          count: c.count,
        })),
      },
      dispositions: {
        total: allDispositions?.count ?? 0,
        people: allDispositions?.people ?? 0,
        // Every form, those without a disposition at 0: the report names all four.
        byForm: DISPOSITION_FORMS.map((form) => {
          const total = s.dispositions.find((d) => d.form === form && d.measure === null);
          return {
            form: labelled('dispositionForm', form, language),
            count: total?.count ?? 0,
            people: total?.people ?? 0,
            byMeasure: s.dispositions
              .filter((d) => d.form === form && d.measure !== null)
              .map((d) => ({
                measure: labelled('dispositionMeasure', d.measure as DispositionMeasure, language),
                count: d.count,
                people: d.people,
              })),
          };
        }),
      },
      warningEducation: {
        sessions: allEducation?.sessions ?? 0,
        participations: allEducation?.participations ?? 0,
        byForm: s.warningEducation
          .filter((w): w is typeof w & { form: WarningForm } => w.form !== null)
          .map((w) => ({
            form: labelled('warningForm', w.form, language),
            sessions: w.sessions,
            participations: w.participations,
          })),
      },
      keyPersonReminders: {
        total: allReminders?.count ?? 0,
        people: allReminders?.people ?? 0,
        byKind: s.reminders
          .filter((r): r is typeof r & { kind: KeyPersonReminderKind } => r.kind !== null)
          .map((r) => ({
            kind: labelled('keyPersonReminderKind', r.kind, language),
            count: r.count,
            people: r.people,
          })),
      },
    };
  }
}

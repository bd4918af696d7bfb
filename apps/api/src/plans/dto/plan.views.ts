import {
  type Forecast,
  type ForecastEvent,
  type Language,
  type PlanCheck,
  type PlanFlag,
  type PlanSpec,
  recurrenceLabel,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { labelled, LabelledView, phaseLabelled } from '../../common/labelled.js';
import type { TemplateRecord } from '../plans.service.js';

export class PlanPhaseSummaryView {
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty({ description: "The plan's name for the phase, in the caller's language" })
  name!: string;
}

export class PlanTemplateSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "In the caller's language" }) name!: string;
  @ApiProperty({ example: { 'zh-CN': '教育整顿', en: 'Education and rectification' } })
  names!: Record<Language, string>;
  @ApiProperty() description!: string;
  @ApiProperty() builtIn!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) ownerUnitId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) basedOnId!: string | null;
  @ApiProperty({ type: [PlanPhaseSummaryView] }) phases!: PlanPhaseSummaryView[];
  @ApiProperty() taskCount!: number;
}

export class PlanTemplateView extends PlanTemplateSummaryView {
  @ApiProperty({ description: 'The plan as data (offsets from the campaign start)', type: Object })
  plan!: PlanSpec;
}

export class PlanTemplatePageView {
  @ApiProperty({ type: [PlanTemplateSummaryView] }) items!: PlanTemplateSummaryView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

const phaseName = (
  name: Record<Language, string>,
  kind: PlanSpec['phases'][number]['kind'],
  language: Language,
) => name[language] || labelled('phase', kind, language).label;

export function templateSummaryView(
  t: TemplateRecord,
  language: Language,
): PlanTemplateSummaryView {
  return {
    id: t.id,
    name: t.name[language],
    names: t.name,
    description: t.description[language],
    builtIn: t.builtIn,
    ownerUnitId: t.ownerUnitId,
    basedOnId: t.basedOnId,
    phases: t.plan.phases.map((p) => ({
      kind: phaseLabelled(p.kind, p.name, language),
      name: phaseName(p.name, p.kind, language),
    })),
    taskCount: t.plan.phases.reduce((n, p) => n + p.tasks.length, 0),
  };
}

export function templateView(t: TemplateRecord, language: Language): PlanTemplateView {
  return { ...templateSummaryView(t, language), plan: t.plan };
}

export class PlanFlagView {
  @ApiProperty({ example: 'phases.1.tasks.0.due' }) field!: string;
  @ApiProperty({ example: 'calendar_missing' }) rule!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [Number] }) years!: number[];
}

export class UnitCountView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() count!: number;
}

export class ForecastDecisionStepView {
  @ApiProperty({ type: LabelledView, description: 'supervisor, inspector or committee' })
  role!: LabelledView;
  @ApiProperty({ description: 'The desk: levels above the responsible unit' }) levelsUp!: number;
  @ApiProperty({ format: 'date-time', description: 'The desk’s limit' }) decideBy!: string;
}

export class OccurrenceView {
  @ApiProperty({ example: 'integrity-day', description: 'The recurring task’s key in the plan' })
  of!: string;
  @ApiProperty({ example: 3, description: 'Which occurrence, counted through the plan' })
  number!: number;
  @ApiProperty({ example: 12, description: 'Occurrences in the plan' }) count!: number;
  @ApiProperty({ example: '每月25日', description: "How it recurs, in the caller's language" })
  recurs!: string;
}

export class ForecastEventView {
  @ApiProperty() at!: string;
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiPropertyOptional() phaseIndex?: number;
  @ApiPropertyOptional({ type: LabelledView }) phase?: LabelledView;
  @ApiPropertyOptional() phaseName?: string;
  @ApiPropertyOptional() taskKey?: string;
  @ApiPropertyOptional() taskName?: string;
  @ApiPropertyOptional({
    type: OccurrenceView,
    description: 'The task is one occurrence of a recurring task',
  })
  occurrence?: OccurrenceView;
  @ApiPropertyOptional({ example: 'P3D' }) offset?: string;
  @ApiPropertyOptional({ description: 'People (or units) concerned, all units together' })
  total?: number;
  @ApiPropertyOptional({ type: [UnitCountView] }) perUnit?: UnitCountView[];
  @ApiPropertyOptional({ description: 'Units judged at a gate' }) units?: number;
  @ApiPropertyOptional({ type: LabelledView }) holiday?: LabelledView;
  @ApiPropertyOptional() year?: number;
  @ApiPropertyOptional() recipients?: number;
  @ApiPropertyOptional({ type: LabelledView }) rung?: LabelledView;
  @ApiPropertyOptional({
    type: [ForecastDecisionStepView],
    description:
      'A rung people decide: each step’s desk and its limit (dated as if each desk decided the day it was asked); a desk that lets its limit pass hands the step one level up',
  })
  decision?: ForecastDecisionStepView[];
  @ApiPropertyOptional({
    description:
      'A gate that fails with nothing done and holds (时间服从质量): the campaign waits here for the office',
  })
  holds?: boolean;
  @ApiPropertyOptional({
    type: LabelledView,
    description: 'At a gate that holds: what happens there (等待活动办决定)',
  })
  onFail?: LabelledView;
  @ApiPropertyOptional({
    description:
      'Behind a gate that holds: happens only once the office goes on, dated as if it did at once',
  })
  afterHold?: boolean;
}

export class ForecastView {
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ type: [PlanFlagView] }) flags!: PlanFlag[];
  @ApiProperty({ description: 'The example ledger item the ladder is dated for' })
  ladderItem!: { registeredAt: string; deadline: string };
  @ApiProperty({ type: [ForecastEventView] }) events!: ForecastEventView[];
  @ApiProperty({ description: 'Reminder messages, all batches together' })
  reminderMessages!: number;
}

const iso = (t: number) => new Date(t).toISOString();

function eventView(e: ForecastEvent, check: PlanCheck, language: Language): ForecastEventView {
  const plan = check.plan!;
  const phase = 'phaseIndex' in e ? plan.phases[e.phaseIndex] : undefined;
  const base: ForecastEventView = {
    at: iso(e.at),
    kind: labelled('campaignEvent', e.kind, language),
  };
  if (e.afterHold) base.afterHold = true;
  if (phase) {
    base.phaseIndex = phase.index;
    base.phase = phaseLabelled(phase.kind, phase.name, language);
    base.phaseName = phase.name[language];
  }
  switch (e.kind) {
    case 'gate_evaluation':
      return {
        ...base,
        units: e.units,
        ...(e.holds ? { holds: true, onFail: labelled('gateOnFail', 'hold', language) } : {}),
      };
    case 'task_due':
    case 'reminder': {
      const task = phase!.tasks.find((t) => t.key === e.taskKey)!;
      return {
        ...base,
        taskKey: e.taskKey,
        taskName: task.name[language],
        ...(task.occurrence
          ? {
              occurrence: {
                of: task.occurrence.of,
                number: task.occurrence.number,
                count: task.occurrence.count,
                recurs: recurrenceLabel(task.occurrence.recurrence, language),
              },
            }
          : {}),
        ...(e.kind === 'reminder' ? { offset: e.offset } : {}),
        total: e.total,
        perUnit: e.perUnit,
      };
    }
    case 'holiday_reminder':
      return {
        ...base,
        holiday: labelled('holiday', e.holiday as 'new_year', language),
        year: e.year,
        recipients: e.recipients,
      };
    case 'ladder_rung':
      return {
        ...base,
        rung: labelled('escalationRung', e.rung as 'bulletin', language),
        ...(e.offset ? { offset: e.offset } : {}),
        ...(e.decision
          ? {
              decision: e.decision.map((d) => ({
                role: labelled('decisionRole', d.role, language),
                levelsUp: d.levelsUp,
                decideBy: iso(d.decideBy),
              })),
            }
          : {}),
      };
    default:
      return base;
  }
}

export function forecastView(result: PlanCheck & Forecast, language: Language): ForecastView {
  const plan = result.plan!;
  return {
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    flags: result.flags,
    ladderItem: {
      registeredAt: iso(result.ladderItem.registeredAt),
      deadline: iso(result.ladderItem.deadline),
    },
    events: result.events.map((e) => eventView(e, result, language)),
    reminderMessages: result.events.reduce((n, e) => n + (e.kind === 'reminder' ? e.total : 0), 0),
  };
}

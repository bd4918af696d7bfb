import type { CampaignState } from '@campaign/contracts';
import { type Language, type PhaseKind, type PlanFlag } from '@campaign/domain';
import type { CampaignEntity } from '@campaign/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { labelled, LabelledView, phaseLabelled } from '../../common/labelled.js';
import { PlanFlagView } from '../../plans/dto/plan.views.js';

export class PhaseView {
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty({ description: "The plan's name for the phase, in the caller's language" })
  name!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'Campaign time, after pauses and extensions' }) startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ nullable: true, type: String }) plannedStartsAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedEndsAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) openedAt!: string | null;
  @ApiProperty() openedEarly!: boolean;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Units below the phase gate when it closed',
  })
  unitsBelowGate!: number | null;
}

export class LiveStateView {
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) currentPhase!: LabelledView | null;
  @ApiPropertyOptional({ nullable: true, type: String }) pausedAt?: string | null;
  @ApiPropertyOptional({ description: 'Changes with every admin control (for your next request)' })
  revision?: number;
}

export class ClockView {
  @ApiProperty({
    description: '1 for a real campaign; campaign seconds per real second in a rehearsal',
  })
  timeScale!: number;
  @ApiProperty({ description: 'Campaign time now' }) now!: string;
}

export class CampaignView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({
    description: 'A rehearsal: its dates are campaign time; left out of real reports',
  })
  rehearsal!: boolean;
  @ApiProperty({ format: 'uuid' }) coveredUnitId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) issuingUnitId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) templateId!: string | null;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ type: LabelledView, description: 'From the read model' }) status!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) currentPhase!: LabelledView | null;
  @ApiProperty({ type: ClockView }) clock!: ClockView;
  @ApiProperty({ type: [PhaseView] }) phases!: PhaseView[];
  @ApiProperty({
    type: [PlanFlagView],
    description: 'What the plan check flagged (e.g. no calendar data)',
  })
  flags!: PlanFlag[];
  @ApiPropertyOptional({
    type: LiveStateView,
    nullable: true,
    description: 'Live state queried from the workflow; null when Temporal cannot answer now',
  })
  live?: LiveStateView | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CampaignPageView {
  @ApiProperty({ type: [CampaignView] }) items!: CampaignView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

/** The current phase under the name the campaign's plan gives it. */
const phaseOf = (
  entity: CampaignEntity,
  value: PhaseKind | null,
  language: Language,
): LabelledView | null =>
  value
    ? phaseLabelled(value, (entity.phases ?? []).find((p) => p.kind === value)?.name, language)
    : null;
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export function toCampaignView(
  entity: CampaignEntity,
  language: Language,
  now: number,
  live?: CampaignState | null,
): CampaignView {
  return {
    id: entity.id,
    title: entity.title,
    rehearsal: entity.rehearsal,
    coveredUnitId: entity.coveredUnitId,
    issuingUnitId: entity.issuingUnitId,
    templateId: entity.templateId,
    workflowId: entity.workflowId,
    status: labelled('campaignStatus', entity.status, language),
    currentPhase: phaseOf(entity, entity.currentPhase, language),
    clock: { timeScale: entity.timeScale, now: new Date(now).toISOString() },
    phases: (entity.phases ?? []).map((p) => ({
      kind: phaseLabelled(p.kind, p.name, language),
      name: phaseLabelled(p.kind, p.name, language).label,
      position: p.position,
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      plannedStartsAt: iso(p.plannedStartsAt),
      plannedEndsAt: iso(p.plannedEndsAt),
      openedAt: iso(p.openedAt),
      openedEarly: p.openedEarly,
      closedAt: iso(p.closedAt),
      unitsBelowGate: p.unitsBelowGate,
    })),
    flags: entity.plan?.flags ?? [],
    ...(live === undefined
      ? {}
      : {
          live: live && {
            status: labelled('campaignStatus', live.status, language),
            currentPhase: phaseOf(entity, live.currentPhase, language),
            ...(live.revision !== undefined
              ? { revision: live.revision, pausedAt: live.pausedAt ?? null }
              : {}),
          },
        }),
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

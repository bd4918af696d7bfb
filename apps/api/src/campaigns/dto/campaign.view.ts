import type { CampaignState } from '@campaign/contracts';
import { type CampaignStatus, label, type Language, type PhaseKind } from '@campaign/domain';
import type { CampaignEntity } from '@campaign/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LabelledView {
  @ApiProperty() code!: string;
  @ApiProperty({ description: "In the caller's language (Accept-Language; zh-CN by default)" })
  label!: string;
}

export class PhaseView {
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty() position!: number;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ nullable: true, type: String }) openedAt!: string | null;
  @ApiProperty() openedEarly!: boolean;
}

export class LiveStateView {
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) currentPhase!: LabelledView | null;
}

export class CampaignView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) coveredUnitId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ type: LabelledView, description: 'From the read model' }) status!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) currentPhase!: LabelledView | null;
  @ApiProperty({ type: [PhaseView] }) phases!: PhaseView[];
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

const status = (value: CampaignStatus, language: Language): LabelledView => ({
  code: value,
  label: label('campaignStatus', value, language),
});
const phase = (value: PhaseKind | null, language: Language): LabelledView | null =>
  value ? { code: value, label: label('phase', value, language) } : null;

export function toCampaignView(
  entity: CampaignEntity,
  language: Language,
  live?: CampaignState | null,
): CampaignView {
  return {
    id: entity.id,
    title: entity.title,
    coveredUnitId: entity.coveredUnitId,
    workflowId: entity.workflowId,
    status: status(entity.status, language),
    currentPhase: phase(entity.currentPhase, language),
    phases: (entity.phases ?? []).map((p) => ({
      kind: phase(p.kind, language) as LabelledView,
      position: p.position,
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      openedAt: p.openedAt?.toISOString() ?? null,
      openedEarly: p.openedEarly,
    })),
    ...(live === undefined
      ? {}
      : {
          live: live && {
            status: status(live.status, language),
            currentPhase: phase(live.currentPhase, language),
          },
        }),
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

import { CAMPAIGN_EVENT_KINDS, type CampaignEventKind } from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';

import { LabelledView } from '../../common/labelled.js';
import { PageNumber, PageSize } from '../../common/shapes.js';

export class EventsQueryDto {
  @ApiPropertyOptional({
    enum: CAMPAIGN_EVENT_KINDS,
    isArray: true,
    description: 'Comma-separated',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',') : value,
  )
  @IsArray()
  @ArrayMaxSize(CAMPAIGN_EVENT_KINDS.length)
  @IsIn(CAMPAIGN_EVENT_KINDS, { each: true })
  kind?: CampaignEventKind[];

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @PageNumber()
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @PageSize(500)
  pageSize = 100;
}

export class CampaignEventView {
  @ApiProperty({ example: 'unit:…:task:integrity-pledge:reminder:P3D' }) key!: string;
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) phaseIndex!: number | null;
  @ApiProperty({ nullable: true, type: String }) taskKey!: string | null;
  @ApiProperty({ description: 'When the schedule had it (campaign time)' }) scheduledAt!: string;
  @ApiProperty({ description: 'When it happened (campaign time)' }) firedAt!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Recipients of a batch, owers at a deadline, units below a gate',
  })
  count!: number | null;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
}

export class DecisionView {
  @ApiProperty() action!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorPersonId!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
}

export class CampaignEventPageView {
  @ApiProperty({ type: [CampaignEventView] }) items!: CampaignEventView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [DecisionView], description: 'Admin controls: who, when, why' })
  decisions!: DecisionView[];
}

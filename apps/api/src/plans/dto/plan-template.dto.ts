import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';

import {
  DATE_TIME_MESSAGE,
  DATE_TIME_WITH_ZONE,
  LocalisedDto,
  OneOf,
  PlanSpecDto,
} from './plan-spec.dto.js';

export class CreatePlanTemplateDto {
  @ApiProperty({
    type: LocalisedDto,
    example: { 'zh-CN': '东城分局教育整顿方案', en: 'Dongcheng plan' },
  })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocalisedDto)
  name!: LocalisedDto;

  @ApiPropertyOptional({ type: LocalisedDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedDto)
  description?: LocalisedDto;

  @ApiProperty({ format: 'uuid', description: 'The unit whose subtree may use it' })
  @IsDefined()
  @IsUUID()
  ownerUnitId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The template this copy was edited from' })
  @IsOptional()
  @IsUUID()
  basedOnId?: string;

  @ApiProperty({ type: PlanSpecDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PlanSpecDto)
  plan!: PlanSpecDto;
}

export class ForecastDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A template, or give a full `plan`' })
  @OneOf(['templateId', 'plan'])
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ type: PlanSpecDto })
  @OneOf(['templateId', 'plan'])
  @ValidateNested()
  @Type(() => PlanSpecDto)
  plan?: PlanSpecDto;

  @ApiProperty({ format: 'uuid' })
  @IsDefined()
  @IsUUID()
  coveredUnitId!: string;

  @ApiProperty({ example: '2027-01-04T00:00:00+08:00' })
  @IsDefined()
  @IsISO8601({ strict: true }, { message: DATE_TIME_MESSAGE })
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  startsAt!: string;
}

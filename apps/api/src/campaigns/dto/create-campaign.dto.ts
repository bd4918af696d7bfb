import { MAX_TIME_SCALE, PHASE_KINDS, type PhaseKind } from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';

import { NestedObject, NestedObjects } from '../../common/shapes.js';
import { HumanText, TextLength } from '../../common/text.js';
import {
  DATE_TIME_MESSAGE,
  DATE_TIME_WITH_ZONE,
  OneOf,
  PlanSpecDto,
} from '../../plans/dto/plan-spec.dto.js';

const PLAN_SOURCES = ['templateId', 'plan', 'phases'] as const;

export class PhasePlanDto {
  @ApiProperty({ enum: PHASE_KINDS, example: 'study' })
  @IsDefined()
  @IsIn(PHASE_KINDS)
  kind!: PhaseKind;

  @ApiProperty({ example: '2026-12-01T00:00:00+08:00' })
  @IsDefined()
  @IsISO8601({ strict: true }, { message: DATE_TIME_MESSAGE })
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  startsAt!: string;

  @ApiProperty({ example: '2026-12-31T23:59:59+08:00' })
  @IsDefined()
  @IsISO8601({ strict: true }, { message: DATE_TIME_MESSAGE })
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  endsAt!: string;
}

export class RehearsalDto {
  @ApiProperty({
    example: 86400,
    minimum: 1,
    maximum: MAX_TIME_SCALE,
    description: 'Campaign seconds per real second: 86400 runs a day a second',
  })
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(MAX_TIME_SCALE)
  timeScale!: number;

  @ApiPropertyOptional({ default: false, description: 'A rehearsal sends no e-mail unless asked' })
  @IsOptional()
  @IsBoolean()
  sendEmail?: boolean;
}

/**
 * A launch: a template or a full plan (or, as before plans existed, four dated phases), over a
 * covered unit's subtree, from `startsAt`. A rehearsal starts at once and runs faster.
 */
export class CreateCampaignDto {
  @ApiProperty({ example: '2026年度全市公安队伍教育整顿', maxLength: 200 })
  @IsDefined()
  @IsString()
  @HumanText()
  @TextLength(1, 200)
  title!: string;

  @ApiProperty({ format: 'uuid', description: 'Root of the unit subtree the campaign covers' })
  @IsDefined()
  @IsUUID()
  coveredUnitId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the covered unit' })
  @IsOptional()
  @IsUUID()
  issuingUnitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A plan template (GET /plan-templates)' })
  @OneOf(PLAN_SOURCES)
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ type: PlanSpecDto, description: 'A full plan instead of a template' })
  @OneOf(PLAN_SOURCES)
  @NestedObject(() => PlanSpecDto)
  plan?: PlanSpecDto;

  @ApiPropertyOptional({
    type: [PhasePlanDto],
    description: 'Four dated phases and nothing else, instead of a template or plan',
  })
  @OneOf(PLAN_SOURCES)
  // A bound on size only: which phases, how many and in what order are plan rules (422).
  @NestedObjects(() => PhasePlanDto, { max: 16 })
  phases?: PhasePlanDto[];

  @ApiPropertyOptional({
    example: '2027-01-04T00:00:00+08:00',
    description:
      'When the plan starts (required with a template or plan). A rehearsal starts at the launch: ' +
      'this is then the campaign date the launch stands for (default: now).',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_TIME_MESSAGE })
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  startsAt?: string;

  @ApiPropertyOptional({ type: RehearsalDto })
  @IsOptional()
  @NestedObject(() => RehearsalDto)
  rehearsal?: RehearsalDto;
}

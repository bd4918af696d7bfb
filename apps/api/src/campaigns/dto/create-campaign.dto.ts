import { PHASE_KINDS, type PhaseKind } from '@campaign/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, IsISO8601, IsString, IsUUID, Matches } from 'class-validator';

import { NestedObjects } from '../../common/shapes.js';
import { HumanText, TextLength } from '../../common/text.js';

/** A full date-time with its offset, so "the 1st" means the same instant for everyone. */
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_TIME_MESSAGE =
  '$property must be an ISO-8601 date-time with a zone, e.g. 2026-12-01T00:00:00+08:00';

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

export class CreateCampaignDto {
  @ApiProperty({ example: '2026年度全市公安队伍教育整顿' })
  @IsDefined()
  @IsString()
  @TextLength(1, 200)
  @HumanText()
  title!: string;

  @ApiProperty({ format: 'uuid', description: 'Root of the unit subtree the campaign covers' })
  @IsDefined()
  @IsUUID()
  coveredUnitId!: string;

  @ApiProperty({
    type: [PhasePlanDto],
    description: 'Exactly four phases in order: study, self_check, rectification, consolidation',
  })
  @IsDefined()
  // A bound on size only: which phases, how many and in what order are plan rules (422).
  @NestedObjects(() => PhasePlanDto, { max: 16 })
  phases!: PhasePlanDto[];
}

import { PHASE_KINDS, type PhaseKind } from '@campaign/domain';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsString,
  IsUUID,
  Matches,
  ValidateIf,
} from 'class-validator';

import { ProseText, TextLength } from '../../common/text.js';
import { DATE_TIME_MESSAGE, DATE_TIME_WITH_ZONE } from '../../plans/dto/plan-spec.dto.js';

/** Every admin control says why; the reason is recorded in the audit trail with who and when. */
export class ReasonDto {
  @ApiProperty({ example: '根据上级通知调整进度', maxLength: 500 })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 500)
  reason!: string;
}

export class AdvanceDto extends ReasonDto {
  @ApiProperty({
    enum: PHASE_KINDS,
    nullable: true,
    description:
      'The phase the campaign is in as you see it (null: before the first). A stale view — a ' +
      'double click, a second tab — is refused with 409 instead of skipping a phase.',
  })
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @IsIn(PHASE_KINDS)
  fromPhase!: PhaseKind | null;
}

export class ExtendDto extends ReasonDto {
  @ApiProperty({ enum: PHASE_KINDS, description: 'The open phase' })
  @IsDefined()
  @IsIn(PHASE_KINDS)
  phase!: PhaseKind;

  @ApiProperty({
    example: '2027-01-15T00:00:00+08:00',
    description: 'Its new end (campaign time); everything after moves by as much',
  })
  @IsDefined()
  @IsISO8601({ strict: true }, { message: DATE_TIME_MESSAGE })
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  until!: string;
}

export class AddUnitsDto extends ReasonDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  unitIds!: string[];
}

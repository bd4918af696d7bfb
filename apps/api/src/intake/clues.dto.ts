import {
  ALL_DISPOSITION_MEASURES,
  CLARIFICATION_ITEMS,
  type ClarificationItem,
  CONCEALMENT_FLAG_STATUSES,
  type ConcealmentFlagStatus,
  DISCLOSURE_OUTCOMES,
  type DisclosureOutcome,
  DISPOSITION_FORMS,
  type DispositionForm,
  type DispositionMeasure,
  PROBLEM_CHANNELS,
  PROBLEM_HANDLINGS,
  type ProblemChannel,
  type ProblemHandling,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  ValidateIf,
} from 'class-validator';

import { LabelledView } from '../common/labelled.js';
import { PageQuery } from '../common/shapes.js';
import { ProseText, TextLength } from '../common/text.js';
import { ConcealmentFlagView } from './problems.dto.js';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ProblemsQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Problems in this unit’s subtree' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() personId?: string;

  @ApiPropertyOptional({ enum: PROBLEM_CHANNELS })
  @IsOptional()
  @IsIn(PROBLEM_CHANNELS)
  channel?: ProblemChannel;

  @ApiPropertyOptional({ enum: DISCLOSURE_OUTCOMES })
  @IsOptional()
  @IsIn(DISCLOSURE_OUTCOMES)
  disclosure?: DisclosureOutcome;

  @ApiPropertyOptional({ enum: PROBLEM_HANDLINGS })
  @IsOptional()
  @IsIn(PROBLEM_HANDLINGS)
  handling?: ProblemHandling;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'With a concealment flag (open, confirmed or dismissed; not withdrawn), or without',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  flagged?: boolean;
}

export class FlagsQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;

  @ApiPropertyOptional({ enum: CONCEALMENT_FLAG_STATUSES })
  @IsOptional()
  @IsIn(CONCEALMENT_FLAG_STATUSES)
  status?: ConcealmentFlagStatus;
}

/** A concealment flag with whom and what it is about: what inspectors list and decide. */
export class FlagListItemView extends ConcealmentFlagView {
  @ApiProperty({ format: 'uuid' }) problemId!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty({ format: 'uuid', description: "The person's unit when it was raised" })
  unitId!: string;
  @ApiProperty() unitName!: string;
}

export class FlagPageView {
  @ApiProperty({ type: [FlagListItemView] }) items!: FlagListItemView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

/** An inspector confirms a suspected concealment (从严) or dismisses it, with the reason. */
export class FlagDecisionDto {
  @ApiProperty({ enum: ['confirm', 'dismiss'] })
  @IsDefined()
  @IsIn(['confirm', 'dismiss'])
  decision!: 'confirm' | 'dismiss';

  @ApiProperty({ maxLength: 4000, example: '经核实，其八小时以外与企业主往来属实且未如实说明。' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  reason!: string;
}

/** The clarification item a problem matches, as an inspector corrects it (null: none). */
export class ClarificationCorrectionDto {
  @ApiProperty({ enum: CLARIFICATION_ITEMS, nullable: true, description: '1 to 6, or null' })
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @IsIn(CLARIFICATION_ITEMS)
  clarificationItem!: ClarificationItem | null;

  @ApiProperty({ maxLength: 4000, example: '该问题属八小时以外交往，应对应第五项。' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  reason!: string;
}

/** A disposition of a clue in the four forms (四种形态): the form, its measure, the reason. */
export class RecordDispositionDto {
  @ApiProperty({ enum: DISPOSITION_FORMS, description: '1 the lightest, 4 a case filed' })
  @IsDefined()
  @IsIn(DISPOSITION_FORMS)
  form!: DispositionForm;

  @ApiProperty({
    enum: ALL_DISPOSITION_MEASURES,
    description: 'A measure of that form, e.g. admonishment_talk (诫勉谈话) under the first',
  })
  @IsDefined()
  @IsIn(ALL_DISPOSITION_MEASURES)
  measure!: DispositionMeasure;

  @ApiProperty({ maxLength: 4000, example: '问题情节较轻，本人认识深刻。' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  reason!: string;
}

/** What the lower unit's office reports back up on a handed-down problem. */
export class ReportBackDto {
  @ApiProperty({
    maxLength: 4000,
    example: '已完成整改，建立值班抽查制度。',
    description: '整改结果',
  })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  result!: string;

  @ApiProperty({ maxLength: 4000, example: '对当事民警进行批评教育。', description: '处理情况' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  handling!: string;
}

export class MeasureCountView {
  @ApiProperty({ type: LabelledView }) measure!: LabelledView;
  @ApiProperty({ description: 'Problems whose latest disposition took it' }) problems!: number;
  @ApiProperty({ description: 'People concerned, each once' }) people!: number;
}

export class ClueFormCountView {
  @ApiProperty({ type: LabelledView }) form!: LabelledView;
  @ApiProperty() problems!: number;
  @ApiProperty() people!: number;
  @ApiProperty({ type: [MeasureCountView], description: 'Every measure of the form' })
  measures!: MeasureCountView[];
}

/** The four forms' figures of a campaign in scope (e.g. "诫勉谈话 xx 人"): the latest disposition counts. */
export class DispositionCountsView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: [ClueFormCountView] }) forms!: ClueFormCountView[];
  @ApiProperty() problems!: number;
  @ApiProperty() people!: number;
}

import {
  CLARIFICATION_ITEMS,
  type ClarificationItem,
  ITEM_CATEGORIES,
  type ItemCategory,
  type Language,
  PORTRAIT_SOURCES,
  type PortraitSource,
  PROBLEM_CHANNELS,
  PROBLEM_SEVERITIES,
  type ProblemChannel,
  type ProblemSeverity,
} from '@campaign/domain';
import type { DispositionRow } from '@campaign/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';

import { labelled, LabelledView } from '../common/labelled.js';
import { QueryInteger } from '../common/shapes.js';
import { ProseText, TextLength } from '../common/text.js';
import { ItemDetailView } from '../items/items.dto.js';

/** A problem from any intake channel of D4, about one person, in a campaign covering them. */
export class RegisterProblemDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() campaignId!: string;

  @ApiProperty({ format: 'uuid', description: 'The person the problem is about, in your scope' })
  @IsDefined()
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: PROBLEM_CHANNELS })
  @IsDefined()
  @IsIn(PROBLEM_CHANNELS)
  channel!: ProblemChannel;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 99,
    description: 'Round of a cross-unit visit (交叉暗访)',
  })
  @QueryInteger(1, 99)
  sourceRound?: number;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsDefined()
  @IsIn(ITEM_CATEGORIES)
  category!: ItemCategory;

  @ApiProperty({
    example: '在工作日午间饮酒，违反工作纪律。',
    maxLength: 4000,
    description: 'The problem in the words of whoever registers it: this is what the ledger shows',
  })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  description!: string;

  @ApiPropertyOptional({
    enum: CLARIFICATION_ITEMS,
    description:
      "The clarification item it matches; by default the campaign's policy for its category",
  })
  @IsOptional()
  @IsIn(CLARIFICATION_ITEMS)
  clarificationItem?: ClarificationItem;

  @ApiPropertyOptional({ enum: PROBLEM_SEVERITIES, default: 'general' })
  @IsOptional()
  @IsIn(PROBLEM_SEVERITIES)
  severity?: ProblemSeverity;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The unit that found it (yours by default): a higher one routes it (D8)',
  })
  @IsOptional()
  @IsUUID()
  foundByUnitId?: string;

  @ApiPropertyOptional({
    enum: PORTRAIT_SOURCES,
    description: 'A portrait comparison finding: its source',
  })
  @IsOptional()
  @IsIn(PORTRAIT_SOURCES)
  portraitSource?: PortraitSource;

  @ApiPropertyOptional({ format: 'uuid', description: 'A life meeting that listed it' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;
}

export class ConcealmentFlagView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty({
    type: LabelledView,
    description: 'The clarification item that said nothing to report',
  })
  clarificationItem!: LabelledView;
  @ApiProperty({ format: 'uuid', description: 'The statement version it was judged against' })
  statementId!: string;
  @ApiProperty() statementVersion!: number;
  @ApiProperty() raisedAt!: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) decidedByPersonId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

/** A disposition of a clue in the four forms (四种形态), with the measure taken. */
export class DispositionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LabelledView, description: 'The form, 1 the lightest' }) form!: LabelledView;
  @ApiProperty({ type: LabelledView, description: 'e.g. 诫勉谈话' }) measure!: LabelledView;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) decidedByPersonId!: string;
  @ApiProperty({ description: 'Campaign time' }) decidedAt!: string;
}

export function dispositionView(d: DispositionRow, language: Language): DispositionView {
  return {
    id: d.id,
    form: labelled('dispositionForm', d.form, language),
    measure: labelled('dispositionMeasure', d.measure, language),
    reason: d.reason,
    decidedByPersonId: d.decidedByPersonId,
    decidedAt: d.decidedAt.toISOString(),
  };
}

export class ProblemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ type: LabelledView }) channel!: LabelledView;
  @ApiProperty({ type: Number, nullable: true }) sourceRound!: number | null;
  @ApiProperty({ type: LabelledView }) category!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) clarificationItem!: LabelledView | null;
  @ApiProperty({ type: LabelledView }) severity!: LabelledView;
  @ApiProperty({
    type: LabelledView,
    description: 'Rectified here, a higher level’s case, or handed down',
  })
  handling!: LabelledView;
  @ApiProperty({ format: 'uuid' }) foundByUnitId!: string;
  @ApiProperty({
    type: LabelledView,
    description: '已主动讲清, 疑似未如实讲清（待核实）, or nothing to judge',
  })
  disclosure!: LabelledView;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) statementId!: string | null;
  @ApiProperty({ type: LabelledView, nullable: true }) portraitSource!: LabelledView | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) meetingId!: string | null;
  @ApiProperty() registeredAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A handed-down problem: the result the lower unit reported back',
  })
  reportBack!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '... and its handling' })
  reportBackHandling!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportedBackAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  reportedBackByPersonId!: string | null;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({ type: ConcealmentFlagView, nullable: true })
  concealmentFlag!: ConcealmentFlagView | null;
  @ApiProperty({
    type: DispositionView,
    nullable: true,
    description: 'The latest disposition: the one that counts',
  })
  disposition!: DispositionView | null;
  @ApiProperty({ type: [DispositionView], description: 'Every disposition, newest first' })
  dispositions!: DispositionView[];
  @ApiProperty({ type: ItemDetailView, description: 'Its ledger item' }) item!: ItemDetailView;
}

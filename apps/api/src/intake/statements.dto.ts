import { CLARIFICATION_ITEMS, type ClarificationItem } from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';

import { LabelledView } from '../common/labelled.js';
import { NestedObjects } from '../common/shapes.js';
import { ProseText, TextLength } from '../common/text.js';

/** One of the six: "nothing to report", or a disclosure in the person's own words. */
export class StatementAnswerDto {
  @ApiProperty({
    enum: CLARIFICATION_ITEMS,
    description: '1 to 6, as the six clarifications are numbered',
  })
  @IsDefined()
  @IsIn(CLARIFICATION_ITEMS)
  item!: ClarificationItem;

  @ApiPropertyOptional({ description: 'true: nothing to report on this item' })
  @IsOptional()
  @IsBoolean()
  nothingToReport?: boolean;

  @ApiPropertyOptional({
    maxLength: 8000,
    description: 'What you disclose on this item (sealed at rest)',
  })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 8000)
  disclosure?: string;
}

/**
 * The signed-in person's six clarifications (六个讲清) in a campaign: every item answered once.
 * A submitted statement never changes; sending it again makes the next version.
 */
export class SubmitStatementDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() campaignId!: string;

  @ApiProperty({ type: [StatementAnswerDto], minItems: 1, maxItems: 12 })
  @IsDefined()
  @NestedObjects(() => StatementAnswerDto, { min: 1, max: 12 })
  items!: StatementAnswerDto[];
}

export class MyStatementsQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() campaignId!: string;
}

/** A statement version without its content: what the office and the lists see. */
export class StatementSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: String, nullable: true }) personName!: string | null;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'Campaign time' }) submittedAt!: string;
}

export class StatementAnswerView {
  @ApiProperty({ type: LabelledView }) item!: LabelledView;
  @ApiProperty() nothingToReport!: boolean;
  @ApiProperty({ type: String, nullable: true }) disclosure!: string | null;
}

/** A statement version with its answers: for the person themself and inspectors in scope. */
export class StatementView extends StatementSummaryView {
  @ApiProperty({ type: [StatementAnswerView] }) items!: StatementAnswerView[];
  @ApiProperty({ type: [StatementSummaryView], description: 'Every version, oldest first' })
  versions!: StatementSummaryView[];
}

export class StatementListView {
  @ApiProperty({ type: [StatementSummaryView] }) items!: StatementSummaryView[];
}

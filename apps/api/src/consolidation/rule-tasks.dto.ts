import {
  ITEM_CATEGORIES,
  type ItemCategory,
  RULE_TASK_KINDS,
  RULE_TASK_STATUSES,
  type RuleTaskKind,
  type RuleTaskStatus,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
} from 'class-validator';

import { LabelledView } from '../common/labelled.js';
import { PageQuery } from '../common/shapes.js';
import { HumanText, TextLength } from '../common/text.js';
import { AssignItemDto, ItemView } from '../items/items.dto.js';

const MAX_LINKED_ITEMS = 50;

/** A rule-making task (建章立制) the office creates itself. */
export class CreateRuleTaskDto {
  /** The unit that makes the rule; inside the campaign and your scope. */
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() unitId!: string;

  @ApiProperty({ enum: RULE_TASK_KINDS, description: 'Abolish, amend or establish (废改立)' })
  @IsDefined()
  @IsIn(RULE_TASK_KINDS)
  kind!: RuleTaskKind;

  @ApiProperty({ example: '修订《值班备勤管理规定》', maxLength: 200 })
  @IsDefined()
  @IsString()
  @HumanText()
  @TextLength(1, 200)
  title!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Ledger items of this campaign whose problems revealed the loophole',
    maxItems: MAX_LINKED_ITEMS,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKED_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  linkedItemIds?: string[];
}

/** Defines a proposed task: what it does, its title, the problems it answers. */
export class DefineRuleTaskDto {
  @ApiPropertyOptional({ enum: RULE_TASK_KINDS })
  @IsOptional()
  @IsIn(RULE_TASK_KINDS)
  kind?: RuleTaskKind;

  @ApiPropertyOptional({ example: '修订《值班备勤管理规定》', maxLength: 200 })
  @IsOptional()
  @IsString()
  @HumanText()
  @TextLength(1, 200)
  title?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_LINKED_ITEMS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKED_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  linkedItemIds?: string[];
}

/**
 * Assigns a rule-making task like a ledger item — the six clarities, measures, mode — and, in
 * the same request, what is still to define: its kind (required unless defined before), its
 * title, and the ledger category (the first linked item's when left out).
 */
export class AssignRuleTaskDto extends AssignItemDto {
  @ApiPropertyOptional({ enum: RULE_TASK_KINDS, description: 'Required unless defined before' })
  @IsOptional()
  @IsIn(RULE_TASK_KINDS)
  kind?: RuleTaskKind;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @HumanText()
  @TextLength(1, 200)
  title?: string;

  @ApiPropertyOptional({
    enum: ITEM_CATEGORIES,
    description: "The ledger's category; default: that of the first linked item",
  })
  @IsOptional()
  @IsIn(ITEM_CATEGORIES)
  category?: ItemCategory;
}

export class RuleTasksQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: RULE_TASK_STATUSES })
  @IsOptional()
  @IsIn(RULE_TASK_STATUSES)
  status?: RuleTaskStatus;

  @ApiPropertyOptional({ format: 'uuid', description: "Tasks of this unit's subtree" })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class RuleTaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid', description: 'The unit that makes the rule' }) unitId!: string;
  @ApiProperty({ type: LabelledView, nullable: true, description: 'Null until defined' })
  kind!: LabelledView | null;
  @ApiProperty() title!: string;
  @ApiProperty({ type: LabelledView, description: 'A case summary’s loophole, or the office' })
  origin!: LabelledView;
  @ApiProperty({ nullable: true, type: String, description: 'The case summary’s loophole tag' })
  loopholeTag!: string | null;
  @ApiProperty({ type: [String], description: 'Ledger items whose problems revealed the loophole' })
  linkedItemIds!: string[];
  @ApiProperty({ type: LabelledView, description: 'Proposed, or tracked on the ledger' })
  status!: LabelledView;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) itemId!: string | null;
  @ApiProperty({
    type: ItemView,
    nullable: true,
    description: 'The ledger item tracking it (source rule_making): owner, deadline, status, rung',
  })
  item!: ItemView | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdByPersonId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class RuleTaskPageView {
  @ApiProperty({ type: [RuleTaskView] }) items!: RuleTaskView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

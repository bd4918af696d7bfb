import {
  CLARIFICATION_ITEMS,
  type ClarificationItem,
  ITEM_CATEGORIES,
  type ItemCategory,
  TIP_OFF_STATUSES,
  type TipOffStatus,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';

import { LabelledView } from '../common/labelled.js';
import { NestedObject, PageQuery } from '../common/shapes.js';
import { HumanText, ProseText, TextLength } from '../common/text.js';

/*
 * No message below quotes what was sent: a tip-off's text, subject and reporter must not reach
 * an error body (and through it a client's or a proxy's log).
 */

const PHONE = /^[0-9+\- ()]{3,32}$/;

/** Who reports a named tip-off. */
export class TipOffReporterDto {
  @ApiPropertyOptional({ description: 'Required for a named tip-off', maxLength: 100 })
  @IsOptional()
  @IsString()
  @HumanText()
  @TextLength(1, 100)
  name?: string;

  @ApiPropertyOptional({ description: 'How the inspectors may reach you' })
  @IsOptional()
  @IsString()
  @Matches(PHONE, {
    message: '$property must be a phone number (digits, spaces, +, -, parentheses)',
  })
  phone?: string;
}

/** A tip-off (监督举报), from anyone, signed in or not. */
export class SubmitTipOffDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The unit it is about (GET /tip-offs/units lists them)',
  })
  @IsDefined()
  @IsUUID()
  unitId!: string;

  @ApiProperty({
    maxLength: 200,
    example: '治安大队张某',
    description: 'Whom it is about: a person, or the unit itself (sealed at rest)',
  })
  @IsDefined()
  @IsString()
  @HumanText()
  @TextLength(1, 200)
  subjectName!: string;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsDefined()
  @IsIn(ITEM_CATEGORIES)
  category!: ItemCategory;

  @ApiProperty({
    maxLength: 8000,
    description:
      'What you report, in your own words (sealed at rest; never shown to whom it is about)',
  })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 8000)
  text!: string;

  @ApiProperty({ description: 'true: no reporter is recorded at all' })
  @IsDefined()
  @IsBoolean()
  anonymous!: boolean;

  @ApiPropertyOptional({
    type: TipOffReporterDto,
    description:
      'A named tip-off’s reporter: seen by the inspectors in scope only, each read audited',
  })
  @IsOptional()
  @NestedObject(() => TipOffReporterDto)
  reporter?: TipOffReporterDto;
}

/** What a reporter keeps to follow the tip-off: shown once, never again. */
export class TipOffReceiptView {
  @ApiProperty({ example: '7G2K-Q9ZD-M4XA-0RWT' }) receiptCode!: string;
  @ApiProperty({
    example: 'K3TR-8WQM-ZP2D-H6VN-1CXY',
    description: 'Only its hash is kept: a lost passphrase cannot be recovered',
  })
  passphrase!: string;
}

/** A unit as the tip-off form lists it: its name in the tree, nothing else. */
export class TipOffUnitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentId!: string | null;
}

export class TipOffUnitListView {
  @ApiProperty({ type: [TipOffUnitView], description: 'Parents before their children' })
  items!: TipOffUnitView[];
}

/**
 * A receipt's code and passphrase, in the body: never in a path or a query string, which are
 * logged. Spaces, dashes and case do not matter.
 */
export class TipOffFollowUpDto {
  @ApiProperty({ example: '7G2K-Q9ZD-M4XA-0RWT', maxLength: 64 })
  @IsDefined()
  @IsString()
  @TextLength(1, 64)
  receiptCode!: string;

  @ApiProperty({ example: 'K3TR-8WQM-ZP2D-H6VN-1CXY', maxLength: 128 })
  @IsDefined()
  @IsString()
  @TextLength(1, 128)
  passphrase!: string;
}

export class TipOffAdditionDto extends TipOffFollowUpDto {
  @ApiProperty({ maxLength: 8000, description: 'What you add (sealed at rest)' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 8000)
  text!: string;
}

export class TipOffAnswerForReporterView {
  @ApiProperty() at!: string;
  @ApiProperty() text!: string;
}

export class TipOffAdditionReceiptView {
  @ApiProperty({ description: 'When you added information (what you wrote is not shown back)' })
  at!: string;
}

/**
 * How a tip-off is being handled, as its reporter follows it: the status and its dates, the
 * inspectors' answers. Never whom it concerns, nor what was reported, nor who handles it.
 */
export class TipOffFollowUpView {
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'When it was triaged or closed' })
  handledAt!: string | null;
  @ApiProperty({ type: [TipOffAnswerForReporterView], description: 'Oldest first' })
  answers!: TipOffAnswerForReporterView[];
  @ApiProperty({ type: [TipOffAdditionReceiptView], description: 'Oldest first' })
  additions!: TipOffAdditionReceiptView[];
}

export class TipOffsQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: TIP_OFF_STATUSES })
  @IsOptional()
  @IsIn(TIP_OFF_STATUSES)
  status?: TipOffStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Tip-offs about this unit’s subtree' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class TipOffUnitRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

/** A tip-off without its sealed content. */
export class TipOffSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: TipOffUnitRefView }) unit!: TipOffUnitRefView;
  @ApiProperty({ type: LabelledView }) category!: LabelledView;
  @ApiProperty({ description: 'Whether a reporter was recorded (GET …/reporter shows who)' })
  anonymous!: boolean;
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ type: String, nullable: true }) handledAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  handledByPersonId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The problem its triage registered (GET /problems/{id})',
  })
  problemId!: string | null;
}

/** A tip-off with what it says: for inspectors in scope, each read audited. */
export class TipOffView extends TipOffSummaryView {
  @ApiProperty({ description: 'Whom it is about, in the reporter’s words' }) subjectName!: string;
  @ApiProperty() text!: string;
}

export class TipOffMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LabelledView }) author!: LabelledView;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The inspector who answered; null for the reporter',
  })
  authorPersonId!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty() at!: string;
}

export class TipOffDetailView extends TipOffView {
  @ApiProperty({ type: [TipOffMessageView], description: 'Oldest first' })
  messages!: TipOffMessageView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it was closed without pursuing (from the audit trail)',
  })
  closingReason!: string | null;
}

export class TipOffPageView {
  @ApiProperty({ type: [TipOffView] }) items!: TipOffView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** Who reported a tip-off: its own route, its own audit entry. */
export class TipOffReporterView {
  @ApiProperty() anonymous!: boolean;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
}

/** An inspector's answer, which the reporter reads with the receipt. */
export class AnswerTipOffDto {
  @ApiProperty({
    maxLength: 4000,
    description: 'Read by the reporter: say nothing of whom it concerns beyond what they need',
  })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  text!: string;
}

export class CloseTipOffDto {
  @ApiProperty({ maxLength: 2000, example: '经初步核实，反映问题无事实依据。' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 2000)
  reason!: string;
}

/**
 * Triage: the problem the tip-off reveals, registered as a ledger item about one person, in the
 * inspector's own words.
 */
export class TriageTipOffDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() campaignId!: string;

  @ApiProperty({ format: 'uuid', description: 'The person concerned, in your scope' })
  @IsDefined()
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsDefined()
  @IsIn(ITEM_CATEGORIES)
  category!: ItemCategory;

  @ApiPropertyOptional({
    enum: CLARIFICATION_ITEMS,
    description:
      "The clarification item it matches; by default the campaign's policy for its category",
  })
  @IsOptional()
  @IsIn(CLARIFICATION_ITEMS)
  clarificationItem?: ClarificationItem;

  @ApiProperty({
    maxLength: 4000,
    example: '工作日午间饮酒，违反工作纪律。',
    description:
      'The problem in your words: what the ledger and the person concerned read. Never the tip-off’s text (15 consecutive characters of it are refused) nor its reporter’s name',
  })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  description!: string;
}

import {
  CHECKLIST_OUTCOMES,
  type ChecklistOutcome,
  ITEM_CATEGORIES,
  type ItemCategory,
  MEETING_KINDS,
  type MeetingKind,
  PORTRAIT_SOURCES,
  type PortraitSource,
  PROBLEM_SEVERITIES,
  type ProblemSeverity,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';

import { LabelledView } from '../common/labelled.js';
import { NestedObjects } from '../common/shapes.js';
import { HumanText, ProseText, TextLength } from '../common/text.js';
import { ProblemSummaryView } from './problem-summary.dto.js';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

// ---- checklists (六大纪律、五大作风) ------------------------------------------------------------

export class ChecklistEntryDto {
  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsDefined()
  @IsIn(ITEM_CATEGORIES)
  category!: ItemCategory;

  @ApiProperty({ enum: CHECKLIST_OUTCOMES })
  @IsDefined()
  @IsIn(CHECKLIST_OUTCOMES)
  outcome!: ChecklistOutcome;

  @ApiPropertyOptional({
    maxLength: 4000,
    example: '值班期间擅自离岗两小时。',
    description: 'A finding: what was found (its ledger item shows these words)',
  })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  description?: string;
}

/** The signed-in person's own checklists (their self-check) in a campaign covering them. */
export class RecordOwnChecklistDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() campaignId!: string;

  @ApiProperty({
    type: [ChecklistEntryDto],
    maxItems: 22,
    description: 'Each of the six disciplines and five styles once',
  })
  @IsDefined()
  @NestedObjects(() => ChecklistEntryDto, { max: 22 })
  entries!: ChecklistEntryDto[];
}

/** A person's checklists, recorded by the office in scope. */
export class RecordChecklistDto {
  @ApiProperty({ format: 'uuid', description: 'The person, in your scope' })
  @IsDefined()
  @IsUUID()
  personId!: string;

  @ApiProperty({
    type: [ChecklistEntryDto],
    maxItems: 22,
    description: 'Each of the six disciplines and five styles once',
  })
  @IsDefined()
  @NestedObjects(() => ChecklistEntryDto, { max: 22 })
  entries!: ChecklistEntryDto[];
}

export class MyChecklistQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() campaignId!: string;
}

export class ChecklistEntryView {
  @ApiProperty({ type: LabelledView }) category!: LabelledView;
  @ApiProperty({ type: LabelledView }) outcome!: LabelledView;
  @ApiProperty({ type: ProblemSummaryView, nullable: true, description: 'A finding’s problem' })
  problem!: ProblemSummaryView | null;
}

export class ChecklistView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty({ description: 'Whether the checklists are recorded (once, whole)' })
  recorded!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Campaign time' })
  recordedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  recordedByPersonId!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Recorded by the person themself (their self-check)',
  })
  selfCheck!: boolean | null;
  @ApiProperty({ type: [ChecklistEntryView], description: 'In the order of the eleven' })
  entries!: ChecklistEntryView[];
}

// ---- portrait comparison (画像比对) -------------------------------------------------------------

export class PortraitFindingDto {
  @ApiProperty({ format: 'uuid', description: 'The person, in the branch' })
  @IsDefined()
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsDefined()
  @IsIn(ITEM_CATEGORIES)
  category!: ItemCategory;

  @ApiProperty({
    enum: PORTRAIT_SOURCES,
    description: '上级点 superiors, 互相提 peers, 自己找 self, 集体议 collective',
  })
  @IsDefined()
  @IsIn(PORTRAIT_SOURCES)
  source!: PortraitSource;

  @ApiProperty({ maxLength: 4000, example: '学习不够深入，对新修订的条例掌握不全面。' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  description!: string;

  @ApiPropertyOptional({ enum: PROBLEM_SEVERITIES, default: 'general' })
  @IsOptional()
  @IsIn(PROBLEM_SEVERITIES)
  severity?: ProblemSeverity;
}

/** One branch's portrait comparison: its findings, each about one of its people. */
export class RecordPortraitDto {
  @ApiProperty({ format: 'uuid', description: 'The party branch that compared, in your scope' })
  @IsDefined()
  @IsUUID()
  branchId!: string;

  @ApiProperty({ type: [PortraitFindingDto], minItems: 1, maxItems: 100 })
  @IsDefined()
  @NestedObjects(() => PortraitFindingDto, { min: 1, max: 100 })
  findings!: PortraitFindingDto[];
}

export class PortraitQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One branch' })
  @IsOptional()
  @IsUUID()
  branchId?: string;
}

export class BranchRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class PortraitBranchView {
  @ApiProperty({ type: BranchRefView }) branch!: BranchRefView;
  @ApiProperty({ type: [ProblemSummaryView] }) findings!: ProblemSummaryView[];
}

export class PortraitListView {
  @ApiProperty({ type: [PortraitBranchView] }) branches!: PortraitBranchView[];
}

// ---- life meetings (民主生活会、组织生活会) -----------------------------------------------------

export class MeetingProblemDto {
  @ApiProperty({ format: 'uuid', description: 'The person, in the unit that held the meeting' })
  @IsDefined()
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsDefined()
  @IsIn(ITEM_CATEGORIES)
  category!: ItemCategory;

  @ApiProperty({ maxLength: 4000, example: '对分管民警日常教育管理失之于宽。' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  description!: string;

  @ApiPropertyOptional({ enum: PROBLEM_SEVERITIES, default: 'general' })
  @IsOptional()
  @IsIn(PROBLEM_SEVERITIES)
  severity?: ProblemSeverity;
}

export class RecordLifeMeetingDto {
  @ApiProperty({ format: 'uuid', description: 'The unit that held it, in your scope' })
  @IsDefined()
  @IsUUID()
  unitId!: string;

  @ApiProperty({ enum: MEETING_KINDS })
  @IsDefined()
  @IsIn(MEETING_KINDS)
  kind!: MeetingKind;

  @ApiProperty({ example: '2027-01-12', pattern: DAY.source, description: 'The day it was held' })
  @IsDefined()
  @IsString()
  @Matches(DAY, { message: 'heldOn must be a day, YYYY-MM-DD' })
  heldOn!: string;

  @ApiProperty({ maxLength: 200, example: '2026年度专题组织生活会' })
  @IsDefined()
  @IsString()
  @TextLength(1, 200)
  @HumanText()
  title!: string;

  @ApiPropertyOptional({ type: [MeetingProblemDto], maxItems: 100 })
  @IsOptional()
  @NestedObjects(() => MeetingProblemDto, { max: 100 })
  problems?: MeetingProblemDto[];
}

export class AddMeetingProblemsDto {
  @ApiProperty({ type: [MeetingProblemDto], minItems: 1, maxItems: 100 })
  @IsDefined()
  @NestedObjects(() => MeetingProblemDto, { min: 1, max: 100 })
  problems!: MeetingProblemDto[];
}

export class LifeMeetingsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Meetings of this unit’s subtree' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class LifeMeetingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty({ example: '2027-01-12' }) heldOn!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) recordedByPersonId!: string;
  @ApiProperty({ type: [ProblemSummaryView], description: 'The problems listed at it' })
  problems!: ProblemSummaryView[];
}

export class LifeMeetingListView {
  @ApiProperty({ type: [LifeMeetingView] }) items!: LifeMeetingView[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
} from 'class-validator';

import { LabelledView } from '../common/labelled.js';
import { PageQuery, QueryInteger } from '../common/shapes.js';
import { ProseText, TextLength } from '../common/text.js';
import { DATE_TIME_MESSAGE, DATE_TIME_WITH_ZONE } from '../plans/dto/plan-spec.dto.js';

/** A multipart form sends one value as a string and several as an array. */
const asArray = ({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value);

export class MyTasksQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 3,
    description: 'Phase index (0: study … 3: consolidation)',
  })
  @QueryInteger(0, 3)
  phase?: number;

  @ApiPropertyOptional({ enum: ['open', 'done'] })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';
}

/** Filters of a campaign's unit tasks. */
export class UnitTasksQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Within this unit's subtree" })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 3,
    description: 'Phase index (0: study … 3: consolidation)',
  })
  @QueryInteger(0, 3)
  phase?: number;

  @ApiPropertyOptional({ enum: ['open', 'done'] })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';
}

/** Evidence of a completed task. Files come as multipart field `files` (at most 5, 10 MB each). */
export class CompleteTaskDto {
  @ApiPropertyOptional({
    example: '已组织全体党员观看警示教育片《永远在路上》。',
    maxLength: 10_000,
  })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 10_000)
  text?: string;

  @ApiPropertyOptional({ example: 'https://example.org/minutes.pdf' })
  @IsOptional()
  @IsString()
  @TextLength(1, 2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  link?: string;

  @ApiPropertyOptional({
    type: [String],
    description: '三问三答: the answers to the three questions, in order',
    maxItems: 3,
  })
  @IsOptional()
  @Transform(asArray)
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @ProseText({ each: true })
  @TextLength(1, 5_000, { each: true })
  answers?: string[];
}

export class AttendanceDto {
  @ApiProperty({ example: 'study-session', description: 'The study-session task of the plan' })
  @IsDefined()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,47}$/)
  taskKey!: string;

  @ApiProperty({ format: 'uuid', description: 'The unit that held the session' })
  @IsDefined()
  @IsUUID()
  unitId!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Who attended' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2_000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  personIds!: string[];

  @ApiProperty({ example: '2026-12-15T09:00:00+08:00', description: 'When the session was held' })
  @IsDefined()
  @IsISO8601({ strict: true }, { message: DATE_TIME_MESSAGE })
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  heldAt!: string;

  @ApiPropertyOptional({ example: '学习《中国共产党纪律处分条例》', maxLength: 2_000 })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 2_000)
  note?: string;
}

export class TaskDocumentView {
  @ApiProperty() title!: string;
  @ApiPropertyOptional() url?: string;
}

export class EvidenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['text', 'file', 'link', 'answers', 'attendance'] }) kind!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) text?: string | null;
  @ApiPropertyOptional({ nullable: true, type: [String] }) answers?: string[] | null;
  @ApiPropertyOptional({ nullable: true, type: String }) url?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) fileName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) sizeBytes?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'SHA-256 of the file' })
  sha256?: string | null;
  @ApiProperty() recordedAt!: string;
}

export class TaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() campaignTitle!: string;
  @ApiProperty({ description: 'A rehearsal task: its dates are campaign time' })
  rehearsal!: boolean;
  @ApiProperty() phaseIndex!: number;
  @ApiProperty({ type: LabelledView }) phase!: LabelledView;
  @ApiProperty() phaseName!: string;
  @ApiProperty() taskKey!: string;
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty() name!: string;
  @ApiProperty({ type: LabelledView }) owner!: LabelledView;
  @ApiPropertyOptional({ type: LabelledView }) warningForm?: LabelledView;
  @ApiProperty({ type: [TaskDocumentView] }) documents!: TaskDocumentView[];
  @ApiProperty() evidenceRequired!: boolean;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) personId!: string | null;
  @ApiProperty({ description: 'Campaign time' }) dueAt!: string;
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty({ description: 'Open past its deadline (campaign time now)' }) overdue!: boolean;
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
  @ApiPropertyOptional({ type: [EvidenceView] }) evidence?: EvidenceView[];
}

export class TaskPageView {
  @ApiProperty({ type: [TaskView] }) items!: TaskView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class AttendanceResultView {
  @ApiProperty({ description: 'Tasks marked done' }) recorded!: number;
  @ApiProperty({
    type: [String],
    description: 'People given who owe no open task of this kind there',
  })
  notOwing!: string[];
}

import type { Language } from '@campaign/domain';
import type { TaskKindEntity } from '@campaign/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';

import { NestedObject } from '../../common/shapes.js';
import { LocalisedDto } from './plan-spec.dto.js';

export class CreateTaskKindDto {
  @ApiProperty({ format: 'uuid', description: 'The unit whose subtree may use it' })
  @IsDefined()
  @IsUUID()
  ownerUnitId!: string;

  @ApiProperty({ type: LocalisedDto, example: { 'zh-CN': '廉政家访', en: 'Integrity home visit' } })
  @IsDefined()
  @NestedObject(() => LocalisedDto)
  name!: LocalisedDto;

  @ApiPropertyOptional({
    default: false,
    description: "Recorded as attendance by the unit's office",
  })
  @IsOptional()
  @IsBoolean()
  needsAttendance?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Completed with evidence (text, link, file)',
  })
  @IsOptional()
  @IsBoolean()
  needsEvidence?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: "Completed with answers to the task's items",
  })
  @IsOptional()
  @IsBoolean()
  needsAnswers?: boolean;
}

const present = (_: object, value: unknown) => value !== undefined;

/**
 * What an office changes on its kind; fields left out stay as they are. Plans already saved or
 * launched keep the definition they froze.
 */
export class UpdateTaskKindDto {
  @ApiPropertyOptional({
    type: LocalisedDto,
    example: { 'zh-CN': '廉政家访', en: 'Integrity home visit' },
  })
  @ValidateIf(present)
  @NestedObject(() => LocalisedDto)
  name?: LocalisedDto;

  @ApiPropertyOptional({ description: "Recorded as attendance by the unit's office" })
  @ValidateIf(present)
  @IsBoolean()
  needsAttendance?: boolean;

  @ApiPropertyOptional({ description: 'Completed with evidence (text, link, file)' })
  @ValidateIf(present)
  @IsBoolean()
  needsEvidence?: boolean;

  @ApiPropertyOptional({ description: "Completed with answers to the task's items" })
  @ValidateIf(present)
  @IsBoolean()
  needsAnswers?: boolean;
}

export const TASK_KIND_STATUSES = ['active', 'retired'] as const;
export type TaskKindStatus = (typeof TASK_KIND_STATUSES)[number];

export class TaskKindsQueryDto {
  @ApiPropertyOptional({
    enum: TASK_KIND_STATUSES,
    description: 'Only the kinds in use (for a new plan) or only the retired ones; all if left out',
  })
  @IsOptional()
  @IsIn(TASK_KIND_STATUSES)
  status?: TaskKindStatus;
}

export class TaskKindView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ownerUnitId!: string;
  @ApiProperty({ description: "In the caller's language" }) label!: string;
  @ApiProperty({ type: LocalisedDto }) name!: LocalisedDto;
  @ApiProperty() needsAttendance!: boolean;
  @ApiProperty() needsEvidence!: boolean;
  @ApiProperty() needsAnswers!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'Retired: no new plan may use it; launched campaigns run on' })
  retired!: boolean;
  @ApiProperty({ nullable: true, type: String }) retiredAt!: string | null;
}

export class TaskKindPageView {
  @ApiProperty({ type: [TaskKindView] }) items!: TaskKindView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export function taskKindView(k: TaskKindEntity, language: Language): TaskKindView {
  return {
    id: k.id,
    ownerUnitId: k.ownerUnitId,
    label: k.name[language],
    name: k.name,
    needsAttendance: k.needsAttendance,
    needsEvidence: k.needsEvidence,
    needsAnswers: k.needsAnswers,
    createdAt: k.createdAt.toISOString(),
    retired: k.retiredAt !== null,
    retiredAt: k.retiredAt?.toISOString() ?? null,
  };
}

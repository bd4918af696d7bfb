import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches } from 'class-validator';

import { PageQuery } from '../common/shapes.js';
import { TextLength } from '../common/text.js';
import { DATE_TIME_MESSAGE, DATE_TIME_WITH_ZONE } from '../plans/dto/plan-spec.dto.js';

export class AuditQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Entries of what this person did' })
  @IsOptional()
  @IsUUID()
  actorPersonId?: string;

  @ApiPropertyOptional({ example: 'read.statement' })
  @IsOptional()
  @IsString()
  @TextLength(1, 64)
  action?: string;

  @ApiPropertyOptional({ example: 'statement' })
  @IsOptional()
  @IsString()
  @TextLength(1, 32)
  subjectType?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() subjectId?: string;

  @ApiPropertyOptional({ description: 'From this instant, inclusive' })
  @IsOptional()
  @IsString()
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Until this instant, exclusive' })
  @IsOptional()
  @IsString()
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditActorView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) unitId!: string | null;
}

export class AuditEntryView {
  @ApiProperty({ description: 'Position in the hash chain' }) seq!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: AuditActorView, nullable: true }) actor!: AuditActorView | null;
  @ApiProperty({ example: 'read.statement' }) action!: string;
  @ApiProperty({ description: 'The action in the caller’s language' }) actionLabel!: string;
  @ApiProperty() subjectType!: string;
  @ApiProperty({ format: 'uuid' }) subjectId!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The request (X-Request-Id) or update that made it',
  })
  source!: string | null;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEntryView] }) items!: AuditEntryView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export class ProgressQueryDto {
  @ApiPropertyOptional({
    enum: ['unit', 'person'],
    default: 'unit',
    description: 'person: also each person',
  })
  @IsOptional()
  @IsIn(['unit', 'person'])
  by?: 'unit' | 'person';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'With by=person: whose subtree (default: the covered unit)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

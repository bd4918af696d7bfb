import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { SHEET_KINDS, type SheetKind } from './import-columns.js';

export class TemplateQueryDto {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format: 'xlsx' | 'csv' = 'xlsx';

  @ApiPropertyOptional({ enum: SHEET_KINDS, description: 'Which sheet, for format=csv' })
  @IsOptional()
  @IsIn(SHEET_KINDS)
  sheet?: SheetKind;
}

export class ImportQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Check the file and count what would change, without writing',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun: 'true' | 'false' = 'false';

  @ApiPropertyOptional({
    enum: SHEET_KINDS,
    description: 'For a CSV: which sheet it holds (inferred from its headers when absent)',
  })
  @IsOptional()
  @IsIn(SHEET_KINDS)
  sheet?: SheetKind;
}

export class ImportCountsView {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
}

export class ImportResultView {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: ImportCountsView }) units!: ImportCountsView;
  @ApiProperty({ type: ImportCountsView }) people!: ImportCountsView;
}

import { ApiPropertyOptional } from '@nestjs/swagger';

import { PageNumber, PageSize } from '../../common/shapes.js';

export class ListCampaignsQueryDto {
  @ApiPropertyOptional({ default: 1 })
  @PageNumber()
  page = 1;

  @ApiPropertyOptional({ default: 20 })
  @PageSize(100)
  pageSize = 20;
}

import { Module } from '@nestjs/common';

import { OrgImportController } from './org-import.controller.js';
import { OrgImportService } from './org-import.service.js';

/** Bulk import of units and people from .xlsx / .csv rosters (POST /import, GET /import/template). */
@Module({
  controllers: [OrgImportController],
  providers: [OrgImportService],
  exports: [OrgImportService],
})
export class OrgImportModule {}

import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ItemsModule } from '../items/items.module.js';
import { CluesController } from './clues.controller.js';
import { CluesService } from './clues.service.js';
import { FindingsController } from './findings.controller.js';
import { FindingsService } from './findings.service.js';
import { IntegrityFileController } from './integrity-file.controller.js';
import { IntegrityFileService } from './integrity-file.service.js';
import { ProblemsController } from './problems.controller.js';
import { ProblemsService } from './problems.service.js';
import { StatementsController } from './statements.controller.js';
import { StatementsService } from './statements.service.js';
import { TipOffNotices } from './tip-off-notices.js';
import { TipOffReportingService } from './tip-off-reporting.service.js';
import { TipOffReportingController, TipOffsController } from './tip-offs.controller.js';
import { TipOffsService } from './tip-offs.service.js';

/** Self-check and problem intake (D4): problems, statements, tip-offs, integrity files. */
@Module({
  imports: [ItemsModule, CampaignsModule],
  controllers: [
    ProblemsController,
    StatementsController,
    // The public one first: its GET /tip-offs/units must be matched before GET /tip-offs/:id.
    TipOffReportingController,
    TipOffsController,
    FindingsController,
    CluesController,
    IntegrityFileController,
  ],
  providers: [
    ProblemsService,
    StatementsService,
    TipOffNotices,
    TipOffReportingService,
    TipOffsService,
    FindingsService,
    CluesService,
    IntegrityFileService,
  ],
  exports: [ProblemsService],
})
export class IntakeModule {}

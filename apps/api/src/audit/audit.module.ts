import { Global, Module } from '@nestjs/common';

import { AuditController } from './audit.controller.js';
import { ConfidentialReads } from './confidential-reads.service.js';

/** The audit trail's API, and the recording of confidential reads every context uses. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [ConfidentialReads],
  exports: [ConfidentialReads],
})
export class AuditModule {}

import { APP_CONFIG, type AppConfig } from '@campaign/config';
import { Global, Module } from '@nestjs/common';

import { EVIDENCE_STORAGE, FileSystemEvidenceStorage } from './evidence-storage.js';

@Global()
@Module({
  providers: [
    {
      provide: EVIDENCE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new FileSystemEvidenceStorage(config.storage.evidenceDir),
    },
  ],
  exports: [EVIDENCE_STORAGE],
})
export class EvidenceModule {}

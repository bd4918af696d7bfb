import { type AppConfig, ConfigModule, type Logger } from '@campaign/config';
import { PersistenceModule } from '@campaign/persistence';
import { type DynamicModule, Module } from '@nestjs/common';

import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CadenceModule } from './cadence/cadence.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { ConsolidationModule } from './consolidation/consolidation.module.js';
import { DecisionsModule } from './decisions/decisions.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { HealthController } from './health/health.controller.js';
import { IntakeModule } from './intake/intake.module.js';
import { ItemsModule } from './items/items.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OrgModule } from './org/org.module.js';
import { OrgImportModule } from './org-import/org-import.module.js';
import { PlansModule } from './plans/plans.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { TemporalModule } from './temporal/temporal.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger),
        PersistenceModule.forRoot('api'),
        TemporalModule,
        AuthModule,
        AuditModule,
        OrgModule,
        OrgImportModule,
        PlansModule,
        CampaignsModule,
        EvidenceModule,
        TasksModule,
        ItemsModule,
        DecisionsModule,
        IntakeModule,
        CadenceModule,
        ConsolidationModule,
        CalendarModule,
        NotificationsModule,
      ],
      controllers: [HealthController],
    };
  }
}

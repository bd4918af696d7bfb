import { Module } from '@nestjs/common';

import { OrgModule } from '../org/org.module.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';
import { TaskKindsController } from './task-kinds.controller.js';
import { TaskKindsService } from './task-kinds.service.js';

@Module({
  imports: [OrgModule],
  controllers: [PlansController, TaskKindsController],
  providers: [PlansService, TaskKindsService],
  exports: [PlansService],
})
export class PlansModule {}

import { Module } from '@nestjs/common';

import { OrgModule } from '../org/org.module.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';
import { TaskKindsController } from './task-kinds.controller.js';

@Module({
  imports: [OrgModule],
  controllers: [PlansController, TaskKindsController],
  providers: [PlansService],
  exports: [PlansService],
})
export class PlansModule {}

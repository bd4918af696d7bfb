import { Module } from '@nestjs/common';

import { GrantsController } from './grants.controller.js';
import { MeController } from './me.controller.js';
import { OrgService } from './org.service.js';
import { PeopleController } from './people.controller.js';
import { UnitsController } from './units.controller.js';

@Module({
  controllers: [UnitsController, PeopleController, GrantsController, MeController],
  providers: [OrgService],
  exports: [OrgService],
})
export class OrgModule {}
